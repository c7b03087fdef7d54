/**
 * People meet in a room on the conference page: everyone sees (decodes) everyone
 * else, someone leaving disappears from the others' grids at once and is seen
 * again when they come back, a late joiner finds everyone already there, and a
 * viewer who receives only two videos sees them follow whoever speaks; pausing
 * someone stops their video, resuming brings it back; the standard video size
 * arrives larger than the small default.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../helpers/test';
import { uniqueStreamId } from '../helpers/demo';
import { expectDecoding, expectTiles, framesByParticipant, join, peopleJoin, tile, tiles, useToneMicrophone } from '../helpers/conference';
import { expectPageState } from './pageState';

// Four publishers and four room plays in one browser on two cores: give it room.
test.describe.configure({ timeout: 120_000 });

const others = (ids: string[], me: string) => ids.filter((id) => id !== me);

test('four people in a room each see the other three; one leaves (gone within 2 s) and comes back; the late joiner sees everyone', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  // Arrange: three people are in the room.
  const { pages, ids } = await peopleJoin(openDemo, room, ['Ann', 'Ben', 'Cat']);
  // Act: a fourth joins late.
  const late = await openDemo(`/conference.html?room=${room}&name=Dan`);
  ids.push(await join(late));
  pages.push(late);

  // Assert: the late joiner has everyone already present, and every page decodes the other three.
  await expectTiles(late, ids.slice(0, 3), 'Dan (late joiner)');
  await expect(tile(late, ids[0]!).locator('.name')).toHaveText('Ann');
  for (const [i, page] of pages.entries()) await expectTiles(page, others(ids, ids[i]!), `page ${i + 1}`);
  for (const [i, page] of pages.entries()) await expectDecoding(page, others(ids, ids[i]!), `page ${i + 1}`);

  // Act: Ann, the first in, leaves. (Her audio is the first m-line of everyone else's room
  // play, the BUNDLE tag their connection hangs on: the others must stay connected.)
  const [ann, ben, cat, dan] = pages as [Page, Page, Page, Page];
  const annId = ids[0]!;
  await ann.locator('#leave').click();
  // Assert: her tile is gone on the others within 2 s, and they still decode each other.
  for (const page of [ben, cat, dan]) await expect(tile(page, annId)).toHaveCount(0, { timeout: 2_000 });
  await expectPageState(ann, 'left');
  await expect(tiles(ann)).toHaveCount(0);
  for (const [i, page] of [ben, cat, dan].entries()) {
    await expectPageState(page, 'joined', 1_000);
    await expectDecoding(page, others(ids.slice(1), ids[i + 1]!), `page ${i + 2} after Ann left`);
  }

  // Act: Ann comes back. Assert: everyone sees her again, and she sees them.
  const annAgain = await join(ann);
  for (const [i, page] of [ben, cat, dan].entries()) {
    await expect(tile(page, annAgain)).toHaveCount(1, { timeout: 15_000 });
    await expectDecoding(page, [annAgain], `page ${i + 2} after Ann's return`);
  }
  await expectDecoding(ann, others(ids, annId), 'Ann after her return');
});

test('with two video slots, a viewer receives two videos and the slot goes to whoever speaks', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  // Arrange: three people with a tone for a microphone, all muted (silence), then a viewer with two video slots.
  const speakers: Page[] = [];
  const ids: string[] = [];
  for (const name of ['Ann', 'Ben', 'Cat']) {
    const page = await openDemo('about:blank');
    await useToneMicrophone(page);
    await page.goto(`/conference.html?room=${room}&name=${name}`);
    ids.push(await join(page));
    await page.locator('#mute').click();
    await expect(page.locator('#mute')).toHaveText('Unmute');
    speakers.push(page);
  }
  const viewer = await openDemo(`/conference.html?room=${room}&name=Vic&maxVideo=2`);
  await join(viewer);
  await viewer.locator('#mute').click();
  await expectTiles(viewer, ids, 'the viewer');

  // Assert: two of the three have a video slot, and both decode.
  const withVideo = () => viewer.locator('#tiles .tile[data-has-video="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-participant-id')!).sort());
  await expect.poll(withVideo, { message: 'the viewer should receive exactly two videos' }).toHaveLength(2);
  const slotted = await withVideo();
  await expectDecoding(viewer, slotted, 'the viewer');
  const outside = ids.find((id) => !slotted.includes(id))!;

  // Act: the one without a slot unmutes and speaks.
  const speaker = speakers[ids.indexOf(outside)]!;
  await speaker.locator('#mute').click();
  await expect(speaker.locator('#mute')).toHaveText('Mute');

  // Assert: the speaker takes a slot (still two videos), the viewer decodes them, and sees who speaks.
  await expect.poll(withVideo, { message: `the speaker (${outside}) should get a video slot`, timeout: 20_000 }).toContain(outside);
  expect(await withVideo()).toHaveLength(2);
  await expectDecoding(viewer, [outside], 'the viewer, from the speaker');
  await expect(tile(viewer, outside)).toHaveClass(/speaking/, { timeout: 10_000 });
  await expect(tile(viewer, outside).locator('.badge.mic')).toBeHidden();
  await expect(tile(viewer, ids.find((id) => id !== outside)!).locator('.badge.mic')).toBeVisible();
});

test('pausing someone stops their video arriving (the others keep coming), and resuming brings it back', async ({ openDemo }, testInfo) => {
  const { pages, ids } = await peopleJoin(openDemo, uniqueStreamId(testInfo), ['Ann', 'Ben', 'Cat']);
  const [ann] = pages as [Page];
  const [, benId, catId] = ids as [string, string, string];
  await expectDecoding(ann, [benId, catId], 'Ann');

  // Act: Ann pauses Ben.
  await tile(ann, benId).locator('.pause').click();
  await expect(tile(ann, benId).locator('.pause')).toHaveText('Resume');
  await expect(tile(ann, benId).locator('.badge.paused')).toBeVisible();

  // Assert: Ben's frames stop (those already on their way decode first: slower on a loaded machine), Cat's keep coming.
  let paused = -1;
  await expect
    .poll(
      async () => {
        const now = (await framesByParticipant(ann))[benId] ?? 0;
        const settled = now === paused;
        paused = now;
        return settled;
      },
      { message: 'no new frames from Ben for a second', timeout: 10_000, intervals: [1000] },
    )
    .toBe(true);
  await expectDecoding(ann, [catId], 'Ann, from Cat, while Ben is paused');
  expect((await framesByParticipant(ann))[benId] ?? 0, 'no frames from Ben while paused').toBe(paused);

  // Act and assert: Ann resumes Ben and decodes him again.
  await tile(ann, benId).locator('.pause').click();
  await expect(tile(ann, benId).locator('.pause')).toHaveText('Pause');
  await expectDecoding(ann, [benId], 'Ann, from Ben after resuming');
  await expect(ann.locator('#error')).toBeHidden();
});

test('people who choose the standard video size see each other larger than the small default', async ({ openDemo }, testInfo) => {
  const room = uniqueStreamId(testInfo);
  const pages: Page[] = [];
  const ids: string[] = [];
  for (const name of ['Ann', 'Ben']) {
    const page = await openDemo(`/conference.html?room=${room}&name=${name}`);
    await page.locator('#sendQuality').selectOption('standard');
    ids.push(await join(page));
    await expect(page.locator('#sendQuality')).toBeDisabled();
    pages.push(page);
  }
  const [ann, ben] = pages as [Page, Page];
  const [annId, benId] = ids as [string, string];
  const pictureHeight = (page: Page, id: string) => tile(page, id).locator('video').evaluate((v: HTMLVideoElement) => v.videoHeight);
  await expectDecoding(ann, [benId], 'Ann');
  await expect.poll(() => pictureHeight(ann, benId), { message: "Ann sees Ben's 360-line picture", timeout: 15_000 }).toBeGreaterThanOrEqual(360);
  await expect.poll(() => pictureHeight(ben, annId), { message: "Ben sees Ann's 360-line picture", timeout: 15_000 }).toBeGreaterThanOrEqual(360);
});
