import { describe, expect, it } from 'vitest';
import { isGone, validateComment, validatePost } from './schemas';

const post = {
  id: 'abc12',
  name: 't3_abc12',
  title: 'GME to the moon',
  selftext: '',
  author: 'someone',
  subreddit: 'wallstreetbets',
  created_utc: 1700000000,
  score: 12,
  extra_key: { nested: true },
};

describe('reddit contracts', () => {
  it('accepts a post with unknown keys and coerces string epochs', () => {
    const r = validatePost({ ...post, created_utc: '1700000000' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.created_utc).toBe(1700000000);
  });
  it('rejects a post with a bad fullname and says where', () => {
    const r = validatePost({ ...post, name: 't1_abc12' });
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('name: name must be t3_') });
  });
  it('rejects a comment without link_id', () => {
    const r = validateComment({ ...post, name: 't1_x1', body: 'hi', parent_id: 't3_abc12' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('link_id');
  });
  it('recognises deleted and removed markers', () => {
    expect(isGone('[removed]', 'x')).toBe('removed');
    expect(isGone('text', '[deleted]')).toBe('deleted');
    expect(isGone('text', 'x')).toBeNull();
  });
});
