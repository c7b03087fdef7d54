/*
 * A tiny line chart on <canvas>, no dependencies: one series of recent
 * samples, scaled to its own maximum, with that maximum written in a corner.
 */
(function (global) {
  'use strict';

  function drawChart(canvas, values, format) {
    var ratio = global.devicePixelRatio || 1;
    var width = canvas.clientWidth || 240;
    var height = canvas.clientHeight || 60;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    var ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    canvas.setAttribute('data-points', String(values.length));
    canvas.setAttribute('data-last', values.length ? String(values[values.length - 1]) : '');
    if (values.length === 0) return;
    var max = Math.max.apply(null, values.concat([1e-9]));
    var step = values.length > 1 ? width / (values.length - 1) : width;
    ctx.strokeStyle = getComputedStyle(document.documentElement).getPropertyValue('--accent') || '#2a7de1';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (var i = 0; i < values.length; i++) {
      var x = i * step;
      // The top 16 px hold the label: the maximum is drawn just below it.
      var y = height - 4 - (values[i] / max) * (height - 20);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
    ctx.fillStyle = '#888';
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText('max ' + format(max), 4, 11);
  }

  global.RelayCharts = { drawChart: drawChart };
})(window);
