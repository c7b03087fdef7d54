/** The Ant Media helpers pages import from us read a query as Ant Media's own do. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getUrlParameter } from './antMediaNames.js';

describe('getUrlParameter (as Ant Media fetch.stream.js reads a query)', () => {
  it('gives the value, true for a parameter without one, undefined for an absent one', () => {
    const query = '?id=stream1&playOnly&dcOnly=true';
    assert.equal(getUrlParameter('id', query), 'stream1');
    assert.equal(getUrlParameter('playOnly', query), true);
    assert.equal(getUrlParameter('dcOnly', query), 'true');
    assert.equal(getUrlParameter('token', query), undefined);
    assert.equal(getUrlParameter('id', ''), undefined);
  });

  it('decodes the whole query before splitting it and keeps a + as it is', () => {
    assert.equal(getUrlParameter('name', '?name=a%20b+c'), 'a b+c');
    assert.equal(getUrlParameter('token', '?token=abc%3D%3D'), 'abc', 'an encoded = splits the pair, as with theirs');
  });
});
