/**
 * A newcomer opens the demo index and follows each link: every page loads the
 * SDK without a script error and offers its controls.
 */
import { test, expect } from '../helpers/test';

const PAGES = [
  { link: 'Publish', title: 'Publish', control: '#publish' },
  { link: 'Play', title: 'Play', control: '#play' },
  { link: 'Peer-to-peer call', title: 'Peer-to-peer call', control: '#join' },
  { link: 'Conference', title: 'Conference', control: '#join' },
  { link: 'Data-channel chat', title: 'Data-channel chat', control: '#join' },
];

test('the index links every demo, and each one loads without errors', async ({ openDemo }) => {
  test.setTimeout(90_000); // five page loads in a row, each with the SDK and its media controls
  const index = await openDemo('/');
  for (const { link, title, control } of PAGES) {
    const errors: string[] = [];
    index.on('pageerror', (e) => errors.push(e.message));
    await index.getByRole('link', { name: link, exact: true }).click();
    await expect(index.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(index.locator(control)).toBeEnabled();
    await expect(index.locator('#state')).toHaveText('idle');
    expect(errors).toEqual([]);
    await index.getByRole('link', { name: '← RelayRTC demo' }).click();
  }
});
