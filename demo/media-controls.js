/*
 * Camera and microphone controls shared by the publish and call pages:
 * device pickers, mute, camera off and screen share, all on one
 * RelayRTC.LocalMedia (so a live stream follows without renegotiation).
 *
 * Renders its markup into the container it is given: #camera and
 * #microphone pickers and #mute, #cameraToggle and #screen buttons.
 */
'use strict';

Demo.MediaControls = (function () {
  var $ = Demo.$;

  var MARKUP =
    '<div class="field"><label for="camera">Camera</label>' +
    '<select id="camera" disabled><option>Default camera</option></select></div>' +
    '<div class="field"><label for="microphone">Microphone</label>' +
    '<select id="microphone" disabled><option>Default microphone</option></select></div>' +
    '<div class="buttons">' +
    '<button id="mute" disabled>Mute</button>' +
    '<button id="cameraToggle" disabled>Camera off</button>' +
    '<button id="screen" disabled>Share screen</button>' +
    '</div>';

  function MediaControls(container, onError) {
    container.innerHTML = MARKUP;
    this.media = null;
    this.onError = onError;
    /** The devices picked (before going live too): the next capture opens them. */
    this.chosen = { camera: '', microphone: '' };
    /** The browser named the devices before any capture (permission given earlier): pick before going live. */
    this.listed = false;
    var self = this;
    $('camera').addEventListener('change', function () {
      self.chosen.camera = $('camera').value;
      self.run(function (media) { return media.switchCamera($('camera').value); });
    });
    $('microphone').addEventListener('change', function () {
      self.chosen.microphone = $('microphone').value;
      self.run(function (media) { return media.switchMicrophone($('microphone').value); });
    });
    RelayRTC.listDevices().then(function (devices) {
      if (self.media) return;
      self.fillDevices(devices);
      self.refresh();
    }, function () { /* no list before a capture: the pickers wait for it */ });
    $('mute').addEventListener('click', function () {
      self.run(function (media) {
        if (media.microphoneMuted) media.unmuteMicrophone();
        else media.muteMicrophone();
      });
    });
    $('cameraToggle').addEventListener('click', function () {
      self.run(function (media) {
        if (media.cameraOff) media.turnOnCamera();
        else media.turnOffCamera();
      });
    });
    $('screen').addEventListener('click', function () {
      self.run(function (media) {
        return media.screenSharing ? media.stopScreenShare() : media.startScreenShare();
      });
    });
    this.refresh();
  }

  /** Captures camera and microphone (or reuses the capture) and shows it in `video`; `constraints` default to the SDK's. */
  MediaControls.prototype.capture = function (video, constraints) {
    var self = this;
    if (this.media) return Promise.resolve(this.media);
    // The SDK's default asks for 720p: Chrome needs at least 960×540 to send all three simulcast layers.
    return RelayRTC.LocalMedia.capture(constraints).then(function (media) {
      return self.openChosen(media);
    }).then(function (media) {
      self.media = media;
      Demo.relayDemo.media = media;
      video.srcObject = media.stream;
      media.on('change', function () { self.refresh(); });
      media.on('track', function () { self.refresh(); });
      media.on('devicechange', function (devices) { self.fillDevices(devices); });
      media.on('screenShareEnded', function () { Demo.notice('Screen sharing ended — back to the camera.'); });
      self.refresh();
      // The pickers fill when the list arrives; joining never waits for it: Firefox holds
      // enumerateDevices() until the document has focus, which a page in the background lacks.
      media.listDevices().then(function (devices) {
        if (self.media === media) self.fillDevices(devices);
      }, function () { /* no list: the pickers stay empty, the capture still works */ });
      return media;
    });
  };

  /** Switches a fresh capture to the devices picked before it (the default ones opened first). */
  MediaControls.prototype.openChosen = function (media) {
    var camera = this.chosen.camera;
    var microphone = this.chosen.microphone;
    var steps = Promise.resolve();
    if (camera && camera !== current(media.stream.getVideoTracks())) steps = steps.then(function () { return media.switchCamera(camera); });
    if (microphone && microphone !== current(media.stream.getAudioTracks())) steps = steps.then(function () { return media.switchMicrophone(microphone); });
    return steps.then(function () { return media; }, function (error) {
      media.stop();
      throw error;
    });
  };

  /** Releases camera and microphone. */
  MediaControls.prototype.release = function (video) {
    if (this.media) this.media.stop();
    this.media = null;
    Demo.relayDemo.media = null;
    video.srcObject = null;
    this.refresh();
  };

  MediaControls.prototype.run = function (action) {
    var self = this;
    if (!this.media) return;
    Demo.clearError();
    Promise.resolve()
      .then(function () { return action(self.media); })
      .catch(function (error) { self.onError(error); })
      .then(function () { self.refresh(); });
  };

  MediaControls.prototype.fillDevices = function (devices) {
    var media = this.media;
    if (devices.some(function (d) { return d.label; })) this.listed = true;
    fill($('camera'), devices, 'videoinput', media ? current(media.stream.getVideoTracks()) : this.chosen.camera);
    fill($('microphone'), devices, 'audioinput', media ? current(media.stream.getAudioTracks()) : this.chosen.microphone);
  };

  /** Button labels and enabled states follow the media. */
  MediaControls.prototype.refresh = function () {
    var media = this.media;
    var pickable = Boolean(media) || this.listed;
    ['camera', 'microphone'].forEach(function (id) {
      $(id).disabled = !pickable;
    });
    ['mute', 'cameraToggle', 'screen'].forEach(function (id) {
      $(id).disabled = !media;
    });
    $('mute').textContent = media && media.microphoneMuted ? 'Unmute' : 'Mute';
    $('mute').setAttribute('aria-pressed', String(Boolean(media && media.microphoneMuted)));
    $('cameraToggle').textContent = media && media.cameraOff ? 'Camera on' : 'Camera off';
    $('cameraToggle').setAttribute('aria-pressed', String(Boolean(media && media.cameraOff)));
    $('screen').textContent = media && media.screenSharing ? 'Stop sharing' : 'Share screen';
    if (media && media.screenSharing) $('camera').disabled = true;
  };

  function current(tracks) {
    var track = tracks[0];
    return track && track.getSettings ? track.getSettings().deviceId : undefined;
  }

  function fill(select, devices, kind, selected) {
    select.textContent = '';
    devices
      .filter(function (d) { return d.kind === kind; })
      .forEach(function (device, i) {
        var option = document.createElement('option');
        option.value = device.deviceId;
        option.textContent = device.label || (kind === 'videoinput' ? 'Camera ' : 'Microphone ') + (i + 1);
        option.selected = device.deviceId === selected;
        select.appendChild(option);
      });
  }

  return MediaControls;
})();
