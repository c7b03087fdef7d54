/*
 * Shared helpers for the demo pages. Plain script (no modules, no framework);
 * loaded after /sdk/relayrtc.umd.min.js, which defines the global RelayRTC.
 */
'use strict';

var Demo = (function () {
  /** The page's objects, for debugging and for the e2e tests. */
  var relayDemo = { client: null, publisher: null, player: null, call: null, media: null };
  window.relayDemo = relayDemo;

  function $(id) {
    return document.getElementById(id);
  }

  /** `?streamId=` from the address bar, else `fallback` (or 'stream1'). */
  function defaultStreamId(fallback) {
    var fromQuery = new URLSearchParams(location.search).get('streamId');
    return fromQuery || fallback || 'stream1';
  }

  function webSocketUrl() {
    return (location.protocol === 'https:' ? 'wss' : 'ws') + '://' + location.host + '/LiveApp/websocket';
  }

  function setState(state) {
    $('state').textContent = state;
    document.body.setAttribute('data-state', state);
  }

  /** A line under the state: what the connection is doing ('' hides it). */
  function notice(text) {
    var element = $('notice');
    if (!element) return;
    element.textContent = text;
    element.hidden = !text;
  }

  /**
   * Shows an error in words: the SDK's sentence first, then its code and, for
   * errors the server sent, Ant Media's raw definition.
   */
  function showError(error) {
    var element = $('error');
    element.textContent = '';
    var sentence = document.createElement('span');
    sentence.textContent = (error && error.message) || String(error);
    element.appendChild(sentence);
    if (error && error.code) {
      var code = document.createElement('code');
      code.textContent = error.code + (error.definition ? ' · ' + error.definition : '');
      element.appendChild(code);
    }
    element.hidden = false;
  }

  /**
   * The id typed in `input`, trimmed, or null after saying in the field's words what is wrong with it
   * (checked before anything starts: no camera for a typo).
   */
  function checkedId(input, what) {
    var id = input.value.trim();
    var problem = !id
      ? 'Type a ' + what + ' first.'
      : RelayRTC.isValidStreamId(id) ? '' : '“' + id + '” cannot be a ' + what + ': use letters, digits, “_”, “.” and “-” (no spaces).';
    if (!problem) return id;
    showError(problem);
    input.focus();
    return null;
  }

  function clearError() {
    $('error').textContent = '';
    $('error').hidden = true;
  }

  /**
   * One connected RelayClient per page, made again if it was closed. It
   * reconnects by itself; `onGiveUp` hears when it stops trying.
   */
  function connectedClient(onGiveUp) {
    if (relayDemo.client && relayDemo.client.state !== 'closed') {
      return relayDemo.client.connected ? Promise.resolve(relayDemo.client) : relayDemo.client.connect().then(function () {
        return relayDemo.client;
      });
    }
    var client = new RelayRTC.RelayClient({ url: webSocketUrl() });
    client.on('reconnecting', function (info) {
      notice(info.attempt === 0 ? 'Connection lost — reconnecting…' : 'Reconnecting (attempt ' + info.attempt + ')…');
    });
    client.on('reconnected', function () {
      notice('Reconnected to the server — setting the stream up again…');
    });
    client.on('error', function (error) {
      if (error.code === 'RECONNECT_FAILED') onGiveUp(error);
      else showError(error);
    });
    relayDemo.client = client;
    return client.connect().then(function () {
      return client;
    });
  }

  /**
   * Follows a stream's reconnection on the page: 'connecting' while it is set up again, and
   * `clearFigures()` then, since nothing arrives meanwhile to update them.
   */
  function followReconnection(session, liveState, clearFigures) {
    session.on('reconnecting', function () {
      setState('connecting');
      clearFigures();
      if (!$('notice') || $('notice').hidden) notice('Media connection lost — reconnecting…');
    });
    session.on('reconnected', function () {
      setState(liveState);
      clearError(); // what went wrong while it was away is over now
      notice('Reconnected.');
      setTimeout(function () {
        if ($('notice').textContent === 'Reconnected.') notice('');
      }, 3000);
    });
  }

  function isAbort(error) {
    return Boolean(error) && error.code === 'ABORTED';
  }

  /** How often, and how far apart, a start the server refused as busy is tried again. */
  var BUSY_RETRIES = 3;
  var BUSY_RETRY_MS = 3000;

  /**
   * `start()` (returning a promise), tried again while the server refuses it as overloaded:
   * HIGH_RESOURCE_USAGE means it admits nothing new until its load is back under its limit, often
   * seconds later (on a laptop: while the other tabs' cameras and encoders start). Pass the
   * `signal` that start() uses: once aborted, start() rejects with ABORTED instead of waiting.
   */
  async function retryWhileBusy(start, signal) {
    var shown = ''; // the notice this wait put up, taken down once start() settles (if still showing)
    function settled() {
      if (shown && $('notice') && $('notice').textContent === shown) notice('');
    }
    for (var retry = 1; ; retry++) {
      try {
        var result = await start();
        settled();
        return result;
      } catch (error) {
        var busy = error && error.code === 'HIGH_RESOURCE_USAGE' && retry <= BUSY_RETRIES && !signal.aborted;
        if (!busy) {
          settled();
          throw error;
        }
        for (var left = BUSY_RETRY_MS / 1000; left > 0 && !signal.aborted; left--) {
          // Counts down in its own notice only: if the page has put up another meanwhile, that stays.
          if (!shown || $('notice').textContent === shown) {
            shown = 'The server is busy right now — trying again in ' + left + ' s (' + retry + ' of ' + BUSY_RETRIES + ')…';
            notice(shown);
          }
          await pause(1000, signal);
        }
        // Stopped meanwhile: the page has moved on (maybe to a new start); leave its notice alone.
        if (signal.aborted) throw new RelayRTC.RelayError('ABORTED', 'Stopped while waiting for a busy server');
      }
    }
  }

  /** Resolves after `ms`, or as soon as `signal` aborts. */
  function pause(ms, signal) {
    return new Promise(function (resolve) {
      var timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }

  /**
   * True when the page stopped (its `signal` aborted) while the camera was opening: the device
   * just opened is released again, since the page released what it had when it stopped.
   */
  function stoppedWhileCapturing(signal, controls, preview) {
    if (!signal.aborted) return false;
    controls.release(preview);
    return true;
  }

  /** "1.2 Mbit/s", "640 kbit/s". */
  function formatBitrate(kbps) {
    return kbps >= 1000 ? (kbps / 1000).toFixed(1) + ' Mbit/s' : Math.round(kbps) + ' kbit/s';
  }

  /**
   * A one-line summary of a StreamStats sample for the page. `direction` 'in' (a page that only
   * receives) leaves out the outgoing estimate: a player sends nothing but RTCP, so its estimate
   * stays at the browser's starting guess and would only mislead.
   */
  function describeStats(stats, direction) {
    var parts = [];
    if (stats.width) parts.push(stats.width + '×' + stats.height);
    if (stats.fps !== null) parts.push(Math.round(stats.fps) + ' fps');
    if (stats.jitterMs !== null) parts.push('jitter ' + Math.round(stats.jitterMs) + ' ms');
    if (direction !== 'in' && stats.availableOutgoingBitrate !== null) parts.push('estimate ' + formatBitrate(stats.availableOutgoingBitrate));
    if (stats.qualityLimitationReason && stats.qualityLimitationReason !== 'none') parts.push('limited by ' + stats.qualityLimitationReason);
    return parts.join(' · ');
  }

  return {
    $: $,
    relayDemo: relayDemo,
    defaultStreamId: defaultStreamId,
    setState: setState,
    notice: notice,
    showError: showError,
    checkedId: checkedId,
    clearError: clearError,
    connectedClient: connectedClient,
    followReconnection: followReconnection,
    isAbort: isAbort,
    retryWhileBusy: retryWhileBusy,
    stoppedWhileCapturing: stoppedWhileCapturing,
    formatBitrate: formatBitrate,
    describeStats: describeStats,
  };
})();
