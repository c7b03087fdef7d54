/*
 * Shared helpers for the demo pages. Plain script (no modules, no framework);
 * loaded after /sdk/relayrtc.umd.min.js, which defines the global RelayRTC.
 */
'use strict';

var Demo = (function () {
  /** The page's objects, for debugging and for the e2e tests. */
  var relayDemo = { client: null, publisher: null, player: null };
  window.relayDemo = relayDemo;

  function $(id) {
    return document.getElementById(id);
  }

  /** `?streamId=` from the address bar, else 'stream1'. */
  function defaultStreamId() {
    var fromQuery = new URLSearchParams(location.search).get('streamId');
    return fromQuery || 'stream1';
  }

  function webSocketUrl() {
    return (location.protocol === 'https:' ? 'wss' : 'ws') + '://' + location.host + '/LiveApp/websocket';
  }

  function setState(state) {
    $('state').textContent = state;
    document.body.setAttribute('data-state', state);
  }

  /** Shows the error's code, the server's raw definition when there is one, and its message. */
  function showError(error) {
    var text;
    if (error && error.code) {
      text = error.code + (error.definition ? ' (' + error.definition + ')' : '') + ': ' + error.message;
    } else {
      text = String((error && error.message) || error);
    }
    $('error').textContent = text;
    $('error').hidden = false;
  }

  function clearError() {
    $('error').textContent = '';
    $('error').hidden = true;
  }

  /** One connected RelayClient per page, made again if its WebSocket closed. */
  function connectedClient(onUnexpectedClose) {
    if (relayDemo.client && relayDemo.client.connected) return Promise.resolve(relayDemo.client);
    var client = new RelayRTC.RelayClient({ url: webSocketUrl() });
    client.on('close', function (info) {
      if (relayDemo.client === client) relayDemo.client = null;
      if (!info.local) onUnexpectedClose(info.error);
    });
    client.on('error', showError);
    relayDemo.client = client;
    return client.connect().then(function () {
      return client;
    });
  }

  function isAbort(error) {
    return Boolean(error) && error.code === 'ABORTED';
  }

  return {
    $: $,
    relayDemo: relayDemo,
    defaultStreamId: defaultStreamId,
    setState: setState,
    showError: showError,
    clearError: clearError,
    connectedClient: connectedClient,
    isAbort: isAbort,
  };
})();
