// @ts-nocheck -- runs inside Firefox's parent process as an experiment API, not in Node or in a page.
/* global ExtensionAPI, Services, ChromeUtils, Components, Ci */
'use strict';

/**
 * The network recorder (see requestRecorder in ../firefox.ts). WebDriver BiDi in Firefox 140 reports no request of
 * an add-on's background and cannot evaluate in the parent process, so this privileged add-on watches from there:
 * every HTTP(S) or WebSocket channel of the whole browser, whichever process opened it, passes the parent's
 * http-on-opening-request before anything is sent; and the loads the parent vets itself (every document, an add-on's
 * pages and background page among them) pass its content policies, this one too. Each record says who asked: the
 * triggering and loading principals, and the document of the window that made the request.
 */
const seen = [];

const originOf = (principal) => (!principal ? '' : principal.isSystemPrincipal ? 'system' : principal.origin);

/** The document of the window that asked: its own window global when still known, else its frame's current one. */
function requester(info) {
  const context = info.browsingContext;
  const window = context?.getWindowGlobals().find((global) => global.innerWindowId === info.innerWindowID)
    ?? context?.currentWindowGlobal;
  return window?.documentURI?.spec ?? '';
}

function record(kind, url, info) {
  seen.push({
    kind, url, from: requester(info), type: info.externalContentPolicyType,
    triggering: originOf(info.triggeringPrincipal), loading: originOf(info.loadingPrincipal),
  });
}

function onHttp(subject) {
  const channel = subject.QueryInterface(Ci.nsIChannel);
  record('http', channel.URI.spec, channel.loadInfo);
}

const CONTRACT = '@coinsight.test/network-recorder-policy;1';
const CID = Components.ID('{5b1f3a52-7c1e-4a8e-9d0e-3f1c2b7a9e41}');
const policy = {
  QueryInterface: ChromeUtils.generateQI(['nsIContentPolicy', 'nsIFactory']),
  createInstance(iid) {
    return this.QueryInterface(iid);
  },
  shouldLoad(location, info) {
    record('load', location.spec, info);
    return Ci.nsIContentPolicy.ACCEPT;
  },
  shouldProcess() {
    return Ci.nsIContentPolicy.ACCEPT;
  },
};

this.networkRecorder = class extends ExtensionAPI {
  onStartup() {
    Services.obs.addObserver(onHttp, 'http-on-opening-request');
    Components.manager.QueryInterface(Ci.nsIComponentRegistrar).registerFactory(CID, 'network recorder', CONTRACT, policy);
    Services.catMan.addCategoryEntry('content-policy', CONTRACT, CONTRACT, false, true);
  }

  onShutdown() {
    Services.obs.removeObserver(onHttp, 'http-on-opening-request');
    Services.catMan.deleteCategoryEntry('content-policy', CONTRACT, false);
    Components.manager.QueryInterface(Ci.nsIComponentRegistrar).unregisterFactory(CID, policy);
  }

  getAPI() {
    return { networkRecorder: { read: async () => seen.slice() } };
  }
};
