/*
 * The conference page's grid: one tile per participant (their stream, name,
 * microphone and camera badges, pin and pause buttons), the active speaker
 * outlined. A tile is `figure.tile[data-participant-id]`; `.speaking`,
 * `.pinned` and `.paused` mark the speaker, the pinned participant and those
 * the server stops sending us.
 *
 * `actions.pin(id | null)` pins; `actions.receive(id, receiving)` asks the
 * server to stop or resume sending a participant (a promise).
 */
'use strict';

Demo.ConferenceTiles = (function () {
  function ConferenceTiles(container, template, actions) {
    this.container = container;
    this.template = template;
    this.actions = actions;
  }

  ConferenceTiles.prototype.tile = function (id) {
    return this.container.querySelector('.tile[data-participant-id="' + CSS.escape(id) + '"]');
  };

  ConferenceTiles.prototype.count = function () {
    return this.container.querySelectorAll('.tile[data-participant-id]').length;
  };

  ConferenceTiles.prototype.add = function (participant) {
    if (this.tile(participant.id)) return this.update(participant);
    var tile = this.template.content.firstElementChild.cloneNode(true);
    tile.setAttribute('data-participant-id', participant.id);
    var self = this;
    tile.querySelector('.pin').addEventListener('click', function () {
      self.actions.pin(tile.classList.contains('pinned') ? null : participant.id);
    });
    tile.querySelector('.pause').addEventListener('click', function () {
      var paused = !tile.classList.contains('paused');
      self.actions.receive(participant.id, !paused).then(function () {
        tile.classList.toggle('paused', paused);
        tile.querySelector('.pause').textContent = paused ? 'Resume' : 'Pause';
        tile.querySelector('.badge.paused').hidden = !paused;
      }, Demo.showError);
    });
    this.container.appendChild(tile);
    show(tile.querySelector('video'), participant.stream);
    this.update(participant);
  };

  ConferenceTiles.prototype.update = function (participant) {
    var tile = this.tile(participant.id);
    if (!tile) return;
    tile.querySelector('.name').textContent = participant.name;
    tile.querySelector('.mic').hidden = !participant.microphoneMuted;
    tile.querySelector('.cam').hidden = !participant.cameraOff;
    tile.querySelector('.novideo').hidden = participant.hasVideo;
    tile.classList.toggle('pinned', participant.pinned);
    tile.querySelector('.pin').textContent = participant.pinned ? 'Unpin' : 'Pin';
    tile.setAttribute('data-has-video', String(participant.hasVideo));
  };

  ConferenceTiles.prototype.remove = function (id) {
    var tile = this.tile(id);
    if (!tile) return;
    tile.querySelector('video').srcObject = null;
    tile.remove();
  };

  ConferenceTiles.prototype.speaking = function (id) {
    this.container.querySelectorAll('.tile.speaking').forEach(function (tile) {
      tile.classList.remove('speaking');
    });
    var tile = id ? this.tile(id) : null;
    if (tile) tile.classList.add('speaking');
  };

  ConferenceTiles.prototype.clear = function () {
    var self = this;
    this.container.querySelectorAll('.tile[data-participant-id]').forEach(function (tile) {
      self.remove(tile.getAttribute('data-participant-id'));
    });
  };

  /** With sound when the browser allows it, muted otherwise (autoplay policies). */
  function show(video, stream) {
    video.srcObject = stream;
    var playing = video.play();
    if (playing && playing.catch) {
      playing.catch(function () {
        video.muted = true;
        return video.play();
      }).catch(function () { /* shown on the next user gesture */ });
    }
  }

  return ConferenceTiles;
})();
