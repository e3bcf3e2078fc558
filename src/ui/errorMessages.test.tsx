import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { STUDIO_ERROR_CODES, StudioError } from '../core/errors';
import { ErrorNotice } from './components/ErrorNotice';
import { ERROR_DESCRIPTIONS, toFailure } from './errorMessages';

describe('error messages', () => {
  it.each(STUDIO_ERROR_CODES)('%s reaches the screen with its title, the sentence and its action', (code) => {
    const failure = toFailure(new StudioError(code, `the reason for ${code}`, 'some/file.png'));
    expect(failure).toEqual({ code, message: `some/file.png: the reason for ${code}` });
    const html = renderToStaticMarkup(<ErrorNotice failure={failure} onRetry={() => {}} />);
    const { title, actionLabel } = ERROR_DESCRIPTIONS[code];
    expect(title.length).toBeGreaterThan(5);
    expect(html).toContain(`data-code="${code}"`);
    expect(html).toContain(title);
    expect(html).toContain(`some/file.png: the reason for ${code}`);
    if (actionLabel) expect(html).toContain(`>${actionLabel}</button>`);
    else expect(html).not.toContain('<button');
  });

  it('gives each code its own action: retry, another backend, the file, space or a reload', () => {
    expect(ERROR_DESCRIPTIONS['backend-unavailable'].action).toBe('choose-backend');
    expect(ERROR_DESCRIPTIONS['backend-lost'].action).toBe('choose-backend');
    expect(ERROR_DESCRIPTIONS['bad-bundle'].action).toBe('fix-input');
    expect(ERROR_DESCRIPTIONS['storage-full'].action).toBe('free-space');
    expect(ERROR_DESCRIPTIONS['worker-crashed'].action).toBe('retry');
    expect(ERROR_DESCRIPTIONS['bad-message'].action).toBe('reload');
  });

  it('turns anything thrown that is not a StudioError into an internal failure with its message', () => {
    expect(toFailure(new Error('boom'))).toEqual({ code: 'internal', message: 'boom' });
    expect(toFailure('plain')).toEqual({ code: 'internal', message: 'plain' });
  });
});
