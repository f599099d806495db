import {
  Alert,
  Anchor,
  Badge,
  Button,
  createTheme,
  DataList,
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
  primaryColor: 'teal',
  primaryShade: 7,
  defaultRadius: 'sm',
  cursorType: 'pointer',
  respectReducedMotion: true,
  components: {
    Alert: Alert.extend({ defaultProps: { variant: 'light', radius: 'sm' } }),
    Anchor: Anchor.extend({ defaultProps: { size: 'sm' } }),
    Badge: Badge.extend({ defaultProps: { size: 'sm', variant: 'light', radius: 'sm' } }),
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
