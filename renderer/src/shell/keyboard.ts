import { useEffect } from 'react';

/** Keys typed into a field belong to the field, never to the shortcuts. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export interface Shortcuts {
  /** Second key after "g" -> action (vim/GitHub style: g s = go to sentiment). */
  go: Record<string, () => void>;
  /** Single keys, e.g. "1".."9" for views, "t" for the theme. */
  keys: Record<string, () => void>;
}

/**
 * Global keyboard navigation: number keys and "g <letter>" sequences, ignored while typing in a
 * field or with a modifier held (so browser and OS shortcuts keep working).
 */
export function useShortcuts(shortcuts: Shortcuts): void {
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const key = event.key.toLowerCase();
      if (pendingG && Date.now() - pendingG < 1200) {
        pendingG = 0;
        const action = shortcuts.go[key];
        if (action) {
          event.preventDefault();
          action();
        }
        return;
      }
      if (key === 'g') {
        pendingG = Date.now();
        return;
      }
      const action = shortcuts.keys[event.key];
      if (action) {
        event.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shortcuts]);
}
