import { describe, expect, it } from 'vitest';

import { capturedFramePaths, centredSquare, classNameProblem } from './capturedFrames';

describe('captured frames', () => {
  it('numbers frames within their class, in capture order, under images/<class>/', () => {
    expect(capturedFramePaths(['cup', 'book', 'cup', ' book '])).toEqual([
      'camera/images/cup/frame-001.png',
      'camera/images/book/frame-001.png',
      'camera/images/cup/frame-002.png',
      'camera/images/book/frame-002.png',
    ]);
  });
  it('refuses class names that are not one folder name', () => {
    expect(classNameProblem('cup')).toBeNull();
    expect(classNameProblem('  ')).toBe('type a class name first');
    expect(classNameProblem('a/b')).toMatch(/slash/);
    expect(classNameProblem('..')).toMatch(/cannot name a folder/);
  });
  it('crops the centred square of a landscape or portrait frame', () => {
    expect(centredSquare(640, 480)).toEqual([80, 0, 480]);
    expect(centredSquare(480, 640)).toEqual([0, 80, 480]);
    expect(centredSquare(101, 100)).toEqual([0, 0, 100]);
  });
});
