import { ActionIcon, Box, Group, Loader, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconX } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useContract } from '../../api/query.ts';
import { fiscalYearLong, place } from '../../lib/format.ts';

/** Markdown emphasis and heading marks read aloud as plain text on the big screen. */
function plain(s: string): string {
  return s
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^\s*[-*]\s+/gm, '・');
}

/**
 * 「事例を見せる」: one attached case, full screen in large type, for the client across the table.
 * Only what a client may see: title, where and who, the year, the summary, the outcomes and the
 * sources' names. Never tags, the body (working notes), the origin or anything internal.
 * ← / → (and PageUp / PageDown, Space) move between the attached cases; Esc closes.
 */
export function CaseShow({ caseIds, index, onIndex, onClose }: { caseIds: string[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const id = caseIds[index] ?? '';
  const c = useContract('cases.get', { id }, { enabled: id !== '' });
  const root = useRef<HTMLDivElement>(null);
  const count = caseIds.length;

  useEffect(() => {
    const el = root.current;
    el?.focus();
    // The whole screen where the browser allows it (no error when it does not).
    const fs = el?.requestFullscreen?.bind(el);
    if (fs) fs().catch(() => undefined);
    return () => {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    };
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      } else if (e.key === 'ArrowRight' || e.key === 'PageDown' || e.key === ' ') {
        e.preventDefault();
        if (index < count - 1) onIndex(index + 1);
      } else if (e.key === 'ArrowLeft' || e.key === 'PageUp') {
        e.preventDefault();
        if (index > 0) onIndex(index - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [index, count, onIndex, onClose]);

  // Leaving full screen with the browser's own Esc closes the view too.
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement && root.current?.dataset.fullscreen === 'true') onClose();
      if (root.current) root.current.dataset.fullscreen = document.fullscreenElement ? 'true' : 'false';
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [onClose]);

  const k = c.data;
  const where = k ? [place(k.prefecture, k.municipality), k.organization, k.fiscalYear ? fiscalYearLong(k.fiscalYear) : ''].filter(Boolean).join(' ・ ') : '';
  return (
    <div
      ref={root}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-label="事例を見せる"
      data-testid="case-show"
      data-index={index}
      className="banso-case-show"
    >
      <Group justify="space-between" wrap="nowrap" px={32} pt={16} style={{ flex: 'none' }}>
        <Text size="lg" c="gray.7" data-testid="case-show-count">
          好事例 {index + 1} / {count}
        </Text>
        <ActionIcon variant="subtle" color="gray" size="xl" aria-label="閉じる（Esc）" data-testid="case-show-close" onClick={onClose}>
          <IconX size={28} />
        </ActionIcon>
      </Group>
      <Box style={{ flex: 1, minHeight: 0, overflow: 'auto' }} px={64} py={24}>
        {!k ? (
          c.isError ? (
            <Text size="xl" c="gray.7">
              この事例はライブラリにありません。
            </Text>
          ) : (
            <Loader />
          )
        ) : (
          <Box maw={1100} mx="auto">
            <h1 className="banso-case-show-title" data-testid="case-show-title">
              {k.title}
            </h1>
            {where ? <p className="banso-case-show-where">{where}</p> : null}
            {k.summary ? (
              <p className="banso-case-show-summary" data-testid="case-show-summary">
                {plain(k.summary)}
              </p>
            ) : null}
            {k.outcomes.length > 0 ? (
              <div className="banso-case-show-outcomes" data-testid="case-show-outcomes">
                {k.outcomes.map((o, i) => (
                  <div key={i} className="banso-case-show-outcome">
                    <div className="banso-case-show-value">
                      {o.value}
                      <span>{o.unit}</span>
                    </div>
                    <div className="banso-case-show-label">{o.label}</div>
                  </div>
                ))}
              </div>
            ) : null}
            {k.sources.length > 0 ? (
              <p className="banso-case-show-sources">出典: {k.sources.map((s) => (s.section ? `${s.document}（${s.section}）` : s.document)).join(' ／ ')}</p>
            ) : null}
          </Box>
        )}
      </Box>
      <Group justify="space-between" px={32} pb={16} style={{ flex: 'none' }}>
        <ActionIcon variant="default" size={48} aria-label="前の事例（←）" disabled={index === 0} data-testid="case-show-prev" onClick={() => onIndex(index - 1)}>
          <IconChevronLeft size={28} />
        </ActionIcon>
        <Text size="sm" c="gray.7">
          ← → で次の事例 ・ Esc で閉じる
        </Text>
        <ActionIcon variant="default" size={48} aria-label="次の事例（→）" disabled={index >= count - 1} data-testid="case-show-next" onClick={() => onIndex(index + 1)}>
          <IconChevronRight size={28} />
        </ActionIcon>
      </Group>
    </div>
  );
}
