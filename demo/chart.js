/*
 * A small live chart on a <canvas>, no library: three stacked strips
 * (bitrate, packet loss, round-trip time) over the last minute, each scaled
 * to its own maximum and labelled with its current value.
 */
'use strict';

Demo.Chart = (function () {
  var WINDOW = 60; // samples kept: one a second
  var SERIES = [
    { key: 'bitrate', label: 'Bitrate', color: '#2457d6', format: Demo.formatBitrate, floor: 100 },
    { key: 'loss', label: 'Packet loss', color: '#b3261e', format: function (v) { return v.toFixed(1) + ' %'; }, floor: 2 },
    { key: 'rtt', label: 'Round trip', color: '#1e7b34', format: function (v) { return Math.round(v) + ' ms'; }, floor: 20 },
  ];

  function Chart(canvas) {
    this.canvas = canvas;
    this.samples = [];
    this.draw();
  }

  /** Adds one StreamStats sample; `direction` picks bitrate in or out. */
  Chart.prototype.push = function (stats, direction) {
    this.samples.push({
      bitrate: direction === 'in' ? stats.bitrateIn : stats.bitrateOut,
      loss: stats.packetLoss,
      rtt: stats.rttMs === null ? 0 : stats.rttMs,
    });
    if (this.samples.length > WINDOW) this.samples.shift();
    this.draw();
  };

  Chart.prototype.clear = function () {
    this.samples = [];
    this.draw();
  };

  Chart.prototype.draw = function () {
    var canvas = this.canvas;
    var ratio = window.devicePixelRatio || 1;
    var width = canvas.clientWidth || 600;
    var height = canvas.clientHeight || 180;
    if (canvas.width !== width * ratio || canvas.height !== height * ratio) {
      canvas.width = width * ratio;
      canvas.height = height * ratio;
    }
    var ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = '12px system-ui, sans-serif';
    var strip = height / SERIES.length;
    var samples = this.samples;
    SERIES.forEach(function (series, row) {
      var top = row * strip;
      var values = samples.map(function (s) { return s[series.key]; });
      var max = Math.max.apply(null, values.concat([series.floor]));
      var last = values.length ? values[values.length - 1] : null;
      ctx.strokeStyle = '#e6e8ee';
      ctx.beginPath();
      ctx.moveTo(0, top + strip - 0.5);
      ctx.lineTo(width, top + strip - 0.5);
      ctx.stroke();
      ctx.fillStyle = '#5b6475';
      ctx.fillText(series.label + (last === null ? '' : ': ' + series.format(last)), 6, top + 14);
      ctx.textAlign = 'right';
      ctx.fillText('max ' + series.format(max), width - 6, top + 14);
      ctx.textAlign = 'left';
      if (values.length < 2) return;
      ctx.strokeStyle = series.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      values.forEach(function (value, i) {
        var x = (width * (i + WINDOW - values.length)) / (WINDOW - 1);
        var y = top + strip - 4 - ((strip - 22) * value) / max;
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
  };

  return Chart;
})();
