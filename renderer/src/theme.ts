import {
  Alert,
  Anchor,
  Badge,
  Button,
  createTheme,
  DEFAULT_THEME,
  type CSSVariablesResolver,
  type MantineColorsTuple,
  DataList,
  Drawer,
  Modal,
  Kbd,
  NavLink,
  SegmentedControl,
  Table,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';

/** Japanese UI fonts installed on the advisor's machine. No web fonts (offline, strict CSP). */
export const FONT_FAMILY =
  '"Yu Gothic UI", "Meiryo UI", Meiryo, "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans CJK JP", "Noto Sans JP", sans-serif';

function darkEnd(name: 'orange' | 'yellow', eight: string, nine: string): MantineColorsTuple {
  const c = DEFAULT_THEME.colors[name];
  return [c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], eight, nine];
}

/** A calm, dense desktop theme: muted colours, small controls, little motion. */
export const theme = createTheme({
  fontFamily: FONT_FAMILY,
  fontFamilyMonospace: 'Consolas, "BIZ UDGothic", "MS Gothic", "Noto Sans Mono CJK JP", monospace',
  headings: {
    fontFamily: FONT_FAMILY,
    fontWeight: '600',
    sizes: {
      h1: { fontSize: '1.375rem', lineHeight: '1.4' },
      h2: { fontSize: '1.125rem', lineHeight: '1.4' },
      h3: { fontSize: '1rem', lineHeight: '1.45' },
      h4: { fontSize: '0.9375rem', lineHeight: '1.45' },
    },
  },
  // The darkest shades of orange and yellow made dark enough for text on white (4.5:1).
  colors: { orange: darkEnd('orange', '#b8430c', '#a23b07'), yellow: darkEnd('yellow', '#8f5e00', '#7c5200') },
  primaryColor: 'teal',
  // Shade 9: white text on a filled button and teal text on white both reach 4.5:1 (WCAG AA).
  primaryShade: 9,
  defaultRadius: 'sm',
  cursorType: 'pointer',
  respectReducedMotion: true,
  components: {
    Alert: Alert.extend({ defaultProps: { variant: 'light', radius: 'sm' } }),
    // Underlined: a link inside a sentence is told from the text by more than its colour (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { size: 'sm', underline: 'always' } }),
    // Mantine's close button has no name of its own.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': '閉じる' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': '閉じる' } } }),
    // As written (交通・MaaS, not 交通・MAAS): Mantine's badges upper-case their text by default.
    Badge: Badge.extend({ defaultProps: { size: 'sm', variant: 'light', radius: 'sm', tt: 'none' } }),
    Button: Button.extend({ defaultProps: { size: 'xs' } }),
    DataList: DataList.extend({ defaultProps: { size: 'sm', gap: 6 } }),
    Kbd: Kbd.extend({ defaultProps: { size: 'xs' } }),
    NavLink: NavLink.extend({ defaultProps: { variant: 'light' } }),
    SegmentedControl: SegmentedControl.extend({ defaultProps: { size: 'xs' } }),
    Table: Table.extend({ defaultProps: { verticalSpacing: 4, horizontalSpacing: 'sm', fz: 'sm' } }),
    Text: Text.extend({ defaultProps: { size: 'sm' } }),
    TextInput: TextInput.extend({ defaultProps: { size: 'sm' } }),
    Textarea: Textarea.extend({ defaultProps: { size: 'sm' } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 400, withArrow: true } }),
  },
});

/**
 * Colours that reach WCAG 2.1 AA contrast (4.5:1 for text) on the backgrounds they are used on,
 * checked by axe-core in the e2e tests (test/e2e/a11y.e2e.ts): muted text darker than Mantine's
 * gray.6 (3.3:1), light badges and alerts on the palest shade with a dark text colour.
 */
const LIGHT_TEXT: Record<string, string> = { orange: '#a23b07', yellow: '#7c5200', red: '#b02525', grape: '#862e9c', gray: '#343a40' };
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': '#5c636a',
    '--mantine-color-placeholder': '#6c737a',
  };
  for (const name of Object.keys(t.colors)) {
    light[`--mantine-color-${name}-light`] = `var(--mantine-color-${name}-0)`;
    light[`--mantine-color-${name}-light-hover`] = `var(--mantine-color-${name}-1)`;
    if (LIGHT_TEXT[name]) light[`--mantine-color-${name}-light-color`] = LIGHT_TEXT[name];
  }
  return { variables: {}, light, dark: {} };
};
