import { fireEvent, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { TemplateIcon } from './TemplateIcon';

describe('TemplateIcon', () => {
  it("shows the image, and the name's initial once the image fails to load", () => {
    const { container } = render(<TemplateIcon name="github" icon="/icon/github.svg" />);
    const img = container.querySelector('img')!;
    expect(img.getAttribute('src')).toBe('/icon/github.svg');
    fireEvent.error(img);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('g');
  });
});
