/**
 * Which participants fill a viewer's capped video slots (Ant Media's
 * maxVideoTrackCount): pinned participants first, then the loudest. A slot
 * changes hands only when the newcomer has been louder than the quietest
 * holder by `marginLevels` for `holdMs` (hysteresis, so slots do not flap
 * with every breath), and holders keep their slot index so tiles stay put.
 */
import type { Clock } from './clock.js';

export interface SpeakerSelectorOptions {
  clock: Clock;
  /** How long a challenger must stay louder before it takes a slot. */
  holdMs: number;
  /** How much louder (in -dBov levels) the challenger must be. */
  marginLevels: number;
}

export interface SlotAssignment {
  /** Participant per slot ('' = empty). */
  slots: string[];
  /** Slots held by a pin. */
  pinned: boolean[];
}

export class SpeakerSelector {
  private slots: string[] = [];
  private pins = new Map<number, string>();
  /** Challenger → since when it has been louder than the quietest holder. */
  private readonly louderSince = new Map<string, number>();

  constructor(private readonly options: SpeakerSelectorOptions) {}

  /** Pins `participant` to slot `index` (or any slot when undefined); a pin beats every level. */
  pin(participant: string, index?: number): void {
    this.unpin(participant);
    const slot = index ?? this.slots.indexOf(participant);
    this.pins.set(slot >= 0 ? slot : 0, participant);
  }

  unpin(participant: string): void {
    for (const [slot, who] of this.pins) if (who === participant) this.pins.delete(slot);
  }

  /**
   * The assignment for `count` slots given each participant's level (0 loud,
   * 127 silent), in join order. Returns the same array contents when nothing changed.
   */
  update(count: number, levels: ReadonlyMap<string, number>): SlotAssignment {
    const now = this.options.clock.now();
    const present = (id: string): boolean => id !== '' && levels.has(id);
    for (const [slot, who] of this.pins) if (!present(who) || slot >= count) this.pins.delete(slot);
    for (const id of this.louderSince.keys()) if (!levels.has(id)) this.louderSince.delete(id);
    const slots = Array.from({ length: count }, (_, i) => (present(this.slots[i] ?? '') ? this.slots[i]! : ''));
    // Pins move their participant into the pinned slot.
    for (const [slot, who] of this.pins) {
      const previous = slots.indexOf(who);
      if (previous >= 0 && previous !== slot) slots[previous] = '';
      slots[slot] = who;
    }
    const pinnedSlot = (i: number): boolean => this.pins.get(i) === slots[i] && slots[i] !== '';
    const waiting = [...levels.keys()].filter((id) => !slots.includes(id)).sort((a, b) => levels.get(a)! - levels.get(b)!);
    // Empty slots take the loudest waiting at once.
    for (let i = 0; i < count && waiting.length > 0; i++) if (slots[i] === '') slots[i] = waiting.shift()!;
    // A louder challenger replaces the quietest unpinned holder after the hold time.
    for (const challenger of waiting) {
      const quietest = this.quietestHolder(slots, levels, pinnedSlot);
      const challengerLevel = levels.get(challenger)!;
      if (quietest === undefined || challengerLevel + this.options.marginLevels > levels.get(slots[quietest]!)!) {
        this.louderSince.delete(challenger);
        continue;
      }
      const since = this.louderSince.get(challenger) ?? now;
      this.louderSince.set(challenger, since);
      if (now - since < this.options.holdMs) continue;
      this.louderSince.delete(challenger);
      slots[quietest] = challenger;
    }
    for (const id of slots) this.louderSince.delete(id);
    this.slots = slots;
    return { slots: [...slots], pinned: slots.map((_, i) => pinnedSlot(i)) };
  }

  private quietestHolder(slots: string[], levels: ReadonlyMap<string, number>, pinned: (i: number) => boolean): number | undefined {
    let quietest: number | undefined;
    for (let i = 0; i < slots.length; i++) {
      if (pinned(i) || slots[i] === '') continue;
      if (quietest === undefined || levels.get(slots[i]!)! > levels.get(slots[quietest]!)!) quietest = i;
    }
    return quietest;
  }
}
