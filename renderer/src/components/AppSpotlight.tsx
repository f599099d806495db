import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { NAV_ITEMS } from '../nav.ts';

/** Ctrl+K / ⌘K: jump to any page. */
export function AppSpotlight() {
  const navigate = useNavigate();
  const actions = useMemo<SpotlightActionData[]>(
    () =>
      NAV_ITEMS.map((item) => {
        const ItemIcon = item.icon;
        return {
          id: `go-${item.name}`,
          group: '移動',
          label: item.label,
          description: item.description,
          keywords: item.keywords,
          leftSection: <ItemIcon size={18} stroke={1.5} />,
          onClick: () => {
            void navigate(item.path);
          },
        };
      }),
    [navigate],
  );

  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K', 'ctrl + K']}
      // Work from inside text fields too; the search box itself is IME-aware.
      tagsToIgnore={[]}
      nothingFound="見つかりません"
      highlightQuery
      scrollable
      maxHeight={360}
      size="md"
      overlayProps={{ backgroundOpacity: 0.2, blur: 0 }}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.5} />,
        placeholder: '移動先や機能を検索…',
        'aria-label': '移動先や機能を検索',
      }}
    />
  );
}
