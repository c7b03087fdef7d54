/** Cameras, microphones and speakers, and a way to hear when they change. */
import type { Unsubscribe } from '../core/emitter.js';
import { mediaDevices } from './getUserMedia.js';

/**
 * The media devices. Labels are empty until the page has been granted a
 * camera or microphone once (a browser privacy rule).
 */
export async function listDevices(): Promise<MediaDeviceInfo[]> {
  const devices = mediaDevices();
  return typeof devices.enumerateDevices === 'function' ? devices.enumerateDevices() : [];
}

/** Calls `listener` with the new device list whenever a device is plugged in or out. */
export function onDeviceChange(listener: (devices: MediaDeviceInfo[]) => void): Unsubscribe {
  const devices = mediaDevices();
  const handler = () => void listDevices().then(listener, () => undefined);
  if (typeof devices.addEventListener !== 'function') return () => undefined;
  devices.addEventListener('devicechange', handler);
  return () => devices.removeEventListener('devicechange', handler);
}
