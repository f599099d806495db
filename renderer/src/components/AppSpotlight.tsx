import { SearchPalette } from '../features/search/SearchPalette.tsx';

/** Ctrl+K / ⌘K: jump to any page, or open anything the global search finds (features/search). */
export function AppSpotlight() {
  return <SearchPalette />;
}
