/**
 * Time, as the worker and the views see it. Observations are dated by the page's clock; the worker bounds them against
 * its own, allowing this much skew, and views never show a reading dated further ahead than this.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
