import { createSpotlight } from '@mantine/spotlight';

/**
 * The search palette's own Spotlight store, so that the palette can move the selection to the
 * first result when results arrive after the query (Mantine selects the first action only as the
 * query changes). `searchPalette.open()` opens it (the navbar's search button).
 */
export const [searchStore, searchPalette] = createSpotlight();

/** Select the first action of the list when nothing is selected (Enter then opens it). */
export function selectFirstIfNone(): void {
  const { listId } = searchStore.getState();
  const list = listId ? document.getElementById(listId) : null;
  if (!list || list.querySelector('[data-selected]')) return;
  const first = list.querySelector('[data-action]');
  if (!first) return;
  first.setAttribute('data-selected', 'true');
  searchStore.updateState((s) => ({ ...s, selected: 0 }));
}
