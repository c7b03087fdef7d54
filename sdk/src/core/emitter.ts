/**
 * One small typed emitter: an event-name → payload map, `on` returning an
 * unsubscribe function, and `safeEmit` so that one throwing listener can
 * neither break the emitter nor keep the other listeners from running.
 */

/** An interface of event name → payload type (`undefined` for events without one). */
export type EventMap = object;
export type Listener<P> = (payload: P) => void;
export type Unsubscribe = () => void;

/** Receives whatever a listener threw; the emitter never rethrows it. */
export type ListenerErrorHandler = (error: unknown, eventName: string) => void;

export class Emitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Array<Listener<never>>>();
  private readonly onListenerError: ListenerErrorHandler | undefined;

  constructor(onListenerError?: ListenerErrorHandler) {
    this.onListenerError = onListenerError;
  }

  on<K extends keyof E>(name: K, listener: Listener<E[K]>): Unsubscribe {
    if (typeof listener !== 'function') throw new TypeError(`listener for '${String(name)}' must be a function`);
    const list = this.listeners.get(name) ?? [];
    list.push(listener as Listener<never>);
    this.listeners.set(name, list);
    return () => this.off(name, listener);
  }

  /** Like `on`, but the listener runs at most once. */
  once<K extends keyof E>(name: K, listener: Listener<E[K]>): Unsubscribe {
    const unsubscribe = this.on(name, (payload) => {
      unsubscribe();
      listener(payload);
    });
    return unsubscribe;
  }

  off<K extends keyof E>(name: K, listener: Listener<E[K]>): void {
    const list = this.listeners.get(name);
    if (!list) return;
    const index = list.indexOf(listener as Listener<never>);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.listeners.delete(name);
  }

  /** Calls every listener of `name`; a listener that throws is reported, not propagated. */
  safeEmit<K extends keyof E>(name: K, ...args: E[K] extends undefined | void ? [payload?: E[K]] : [payload: E[K]]): void {
    const list = this.listeners.get(name);
    if (!list) return;
    // Copy: listeners may unsubscribe (or subscribe) while we iterate.
    for (const listener of list.slice()) {
      try {
        (listener as Listener<E[K]>)(args[0] as E[K]);
      } catch (error) {
        this.onListenerError?.(error, String(name));
      }
    }
  }

  listenerCount(name: keyof E): number {
    return this.listeners.get(name)?.length ?? 0;
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }
}
