/*
 * The operator dashboard's logic: poll the REST API, render the streams
 * table and keep per-stream histories for the charts. Plain ES2018 (no
 * build step), like the demo pages.
 */
(function () {
  'use strict';

  var POLL_MS = 2000;
  /** Two minutes of history at one sample per poll. */
  var HISTORY = 60;
  var params = new URLSearchParams(location.search);
  var app = params.get('app') || 'LiveApp';
  var apiKey = sessionStorage.getItem('relayrtc.apiKey') || '';
  var histories = {};
  var timer;

  var $ = function (selector) { return document.querySelector(selector); };
  $('#app').value = app;
  $('#openapi').href = '/' + encodeURIComponent(app) + '/rest/v2/openapi.json';

  function setState(state, message) {
    $('#dashboard-state').textContent = state;
    $('#error').textContent = message || '';
  }

  function api(path) {
    var headers = apiKey ? { 'X-API-Key': apiKey } : {};
    return fetch('/' + encodeURIComponent(app) + '/rest/v2' + path, { headers: headers, credentials: 'same-origin' }).then(function (response) {
      if (response.status === 401) {
        var error = new Error('unauthorized');
        error.unauthorized = true;
        throw error;
      }
      if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
      return response.json();
    });
  }

  function bps(value) {
    if (value >= 1e6) return (value / 1e6).toFixed(2) + ' Mbps';
    if (value >= 1e3) return Math.round(value / 1e3) + ' kbps';
    return Math.round(value) + ' bps';
  }

  function percent(value) {
    return (value * 100).toFixed(1) + ' %';
  }

  function text(value) {
    var span = document.createElement('span');
    span.textContent = value;
    return span.innerHTML;
  }

  function layersText(broadcast) {
    if (!broadcast.layers || broadcast.layers.length === 0) return broadcast.codecs && broadcast.codecs.audio ? 'audio only' : '–';
    return broadcast.layers
      .map(function (layer) {
        var name = layer.height ? layer.height + 'p' : 'video';
        return (layer.rid ? layer.rid + ': ' : '') + name + ' ' + bps(layer.bitrate);
      })
      .join(', ');
  }

  function codecsText(broadcast) {
    var codecs = broadcast.codecs || {};
    return [codecs.video, codecs.audio].filter(Boolean).join(' / ') || '–';
  }

  function record(streamId, sample) {
    var history = histories[streamId] || (histories[streamId] = { bitrate: [], loss: [], viewers: [] });
    Object.keys(sample).forEach(function (series) {
      history[series].push(sample[series]);
      if (history[series].length > HISTORY) history[series].shift();
    });
    return history;
  }

  function viewersTable(stats) {
    if (!stats || stats.length === 0) return '';
    var rows = stats
      .map(function (viewer) {
        if (!viewer.connected) return '<tr><td>' + text(viewer.clientIp) + '</td><td colspan="6">connecting…</td></tr>';
        return (
          '<tr><td>' + text(viewer.clientIp) + '</td><td>' + (viewer.currentLayerHeight ? viewer.currentLayerHeight + 'p' : '–') +
          '</td><td>' + bps(viewer.measuredBitrate) + '</td><td>' + viewer.videoSentStats.videoPacketsSent +
          '</td><td>' + viewer.videoSentStats.videoNackCount + '</td><td>' + percent(viewer.packetLostRatio) +
          '</td><td>' + viewer.jitterMs.toFixed(1) + ' ms</td><td>' + Math.round(viewer.rttMs) + ' ms</td></tr>'
        );
      })
      .join('');
    return (
      '<details><summary>' + stats.length + ' viewer' + (stats.length === 1 ? '' : 's') + '</summary><table class="viewers-table">' +
      '<thead><tr><th>address</th><th>layer</th><th>estimate</th><th>video packets</th><th>NACKs</th><th>loss</th><th>jitter</th><th>RTT</th></tr></thead><tbody>' +
      rows + '</tbody></table></details>'
    );
  }

  function render(broadcasts, statsById, totals) {
    var body = $('#streams tbody');
    var open = {};
    body.querySelectorAll('details[open]').forEach(function (d) { open[d.closest('tr').getAttribute('data-stream-id')] = true; });
    body.innerHTML = '';
    $('#empty').hidden = broadcasts.length > 0;
    $('#stream-count').textContent = String(totals.activeLiveStreamCount);
    $('#viewer-count').textContent = String(totals.totalWebRTCWatchersCount);
    broadcasts.forEach(function (b) {
      var row = document.createElement('tr');
      row.className = 'stream';
      row.setAttribute('data-stream-id', b.streamId);
      row.innerHTML =
        '<td>' + text(b.streamId) + (b.name && b.name !== b.streamId ? '<br><small>' + text(b.name) + '</small>' : '') + '</td>' +
        '<td class="status">' + text(b.status) + '</td>' +
        '<td class="publisher">' + text(b.remoteIp || '–') + '<small title="' + text(b.userAgent || '') + '">' + text(b.userAgent || '') + '</small></td>' +
        '<td class="viewers">' + b.webRTCViewerCount + '</td>' +
        '<td class="layers">' + text(layersText(b)) + '</td>' +
        '<td class="codecs">' + text(codecsText(b)) + '</td>' +
        '<td class="bitrate">' + bps(b.bitrate) + '</td>' +
        '<td class="loss">' + percent(b.packetLostRatio || 0) + '</td>';
      body.appendChild(row);
      if (b.status !== 'broadcasting' && b.status !== 'preparing') return;
      var history = record(b.streamId, { bitrate: b.bitrate, loss: (b.packetLostRatio || 0) * 100, viewers: b.webRTCViewerCount });
      var charts = document.createElement('tr');
      charts.className = 'charts';
      charts.setAttribute('data-stream-id', b.streamId);
      charts.innerHTML =
        '<td colspan="8">' +
        ['bitrate', 'loss', 'viewers']
          .map(function (series) {
            return '<div class="chart-box"><span>' + series + '</span><canvas class="chart" data-series="' + series + '"></canvas></div>';
          })
          .join('') +
        viewersTable(statsById[b.streamId]) +
        '</td>';
      body.appendChild(charts);
      if (open[b.streamId]) charts.querySelector('details').open = true;
      var formats = { bitrate: bps, loss: function (v) { return v.toFixed(1) + ' %'; }, viewers: function (v) { return String(Math.round(v)); } };
      charts.querySelectorAll('canvas.chart').forEach(function (canvas) {
        var series = canvas.getAttribute('data-series');
        RelayCharts.drawChart(canvas, history[series], formats[series]);
      });
    });
    Object.keys(histories).forEach(function (id) {
      if (!broadcasts.some(function (b) { return b.streamId === id; })) delete histories[id];
    });
  }

  function poll() {
    Promise.all([api('/broadcasts/list/0/50'), api('/broadcasts/total-broadcast-statistics')])
      .then(function (answers) {
        var broadcasts = answers[0];
        var live = broadcasts.filter(function (b) { return b.status === 'broadcasting'; });
        return Promise.all(live.map(function (b) { return api('/broadcasts/' + encodeURIComponent(b.streamId) + '/webrtc-client-stats/0/50'); })).then(function (stats) {
          var statsById = {};
          live.forEach(function (b, i) { statsById[b.streamId] = stats[i]; });
          render(broadcasts, statsById, answers[1]);
          $('#key-form').hidden = true;
          $('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
          setState('live');
        });
      })
      .catch(function (error) {
        if (error.unauthorized) {
          $('#key-form').hidden = false;
          setState('unauthorized', 'The REST API needs credentials.');
        } else {
          setState('error', String(error.message || error));
        }
      })
      .then(function () {
        timer = setTimeout(poll, POLL_MS);
      });
  }

  $('#key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    apiKey = $('#api-key').value.trim();
    sessionStorage.setItem('relayrtc.apiKey', apiKey);
    clearTimeout(timer);
    poll();
  });

  $('#app-form').addEventListener('submit', function (event) {
    event.preventDefault();
    params.set('app', $('#app').value.trim() || 'LiveApp');
    location.search = params.toString();
  });

  poll();
})();
