// web-ext ships no types; scripts/build.js uses only cmd.build.
declare module 'web-ext' {
  const webExt: {
    cmd: {
      build(options: { sourceDir: string; artifactsDir: string; filename: string; overwriteDest: boolean }, runOptions: { shouldExitProgram: boolean }): Promise<unknown>;
    };
  };
  export default webExt;
}
