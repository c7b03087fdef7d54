/**
 * The official Ant Media SDK's multitrack conference flow (its
 * multitrack-conference sample: joinRoom in `multitrack` mode, publish with the
 * room as main track, play the room) in the same room as a RelayRTC
 * conference page: each sees the other.
 */
import { uniqueStreamId } from '../helpers/demo';
import { expectDecoding, expectTiles, join, tile } from '../helpers/conference';
import { expect, test } from './officialClient';

test.describe.configure({ timeout: 90_000 });

test("an official-SDK participant and a RelayRTC participant in one multitrack room see each other", async ({ officialClient, openDemo }, testInfo) => {
  // Arrange: a RelayRTC user is in the room.
  const room = uniqueStreamId(testInfo);
  const ours = await openDemo(`/conference.html?room=${room}&name=Relay`);
  const ourId = await join(ours);

  // Act: the official SDK joins as its sample does.
  const official = await officialClient('official');
  const officialId = `${room}-official`;
  await official.call('joinRoom', room, officialId, 'multitrack');
  const joined = await official.callback('joinedTheRoom', (m) => m.room === room);
  expect(joined.obj.streams).toContain(ourId);
  await official.call('publish', officialId, undefined, '', '', 'Official', room, '{"isMicMuted":false,"isCameraOff":false}');
  await official.callback('publish_started', (m) => m.streamId === officialId);
  await official.call('play', room, '', room);
  await official.callback('play_started', (m) => m.streamId === room);

  // Assert: the official SDK gets our tracks under our id and decodes them.
  await official.callback('newTrackAvailable', (t) => t.kind === 'video' && t.trackId === `ARDAMSv${ourId}`);
  await official.expectMediaFrom(room);
  // Ant Media's conference sample makes a participant's tile of its first track and hides it when that is audio.
  const ourTracks = (await official.events()).filter((e) => e.name === 'newTrackAvailable' && String((e.obj as { trackId?: string }).trackId).endsWith(ourId));
  expect(ourTracks.map((e) => (e.obj as { kind: string }).kind), 'our video reaches the official SDK before our audio').toEqual(['video', 'audio']);

  // Assert: our page shows the official participant by name and decodes them.
  await expectTiles(ours, [officialId], 'the RelayRTC page');
  await expect(tile(ours, officialId).locator('.name')).toHaveText('Official');
  await expectDecoding(ours, [officialId], 'the RelayRTC page');

  // Act: the official SDK leaves the room. Assert: its tile goes away on our page.
  await official.call('leaveFromRoom', room, officialId);
  await official.callback('leavedFromRoom', (m) => m.room === room || m.ATTR_ROOM_NAME === room);
  await expect(tile(ours, officialId)).toHaveCount(0, { timeout: 5_000 });
  expect((await official.errors()).map((e) => e.name)).toEqual([]);
});
