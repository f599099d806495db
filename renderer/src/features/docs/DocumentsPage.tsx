import './docs.css';

import { Alert, Button, Center, Group, Input, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowLeft, IconDeviceFloppy, IconTemplate } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import type { EngagementView } from '../../../../shared/contract/index.ts';
import { send } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { notifyExported, notifyFailure } from '../../lib/notify.tsx';
import { DocPreview, headingId, headingsOf, headingText } from './DocPreview.tsx';
import { useDocs, type DocKind } from './store.ts';

const DOC_OPTIONS = [
  { value: 'plan', label: '計画書' },
  { value: 'report', label: '支援実施報告書' },
];
const ERA_OPTIONS = [
  { value: 'wareki', label: '和暦' },
  { value: 'seireki', label: '西暦' },
];
const UNANSWERED_OPTIONS = [
  { value: 'omit', label: '省く' },
  { value: 'mark', label: '（未記入）と表示' },
];

const isDoc = (v: string | null): v is DocKind => v === 'plan' || v === 'report';

/** The headings of chapters and sections, to jump to in the preview. */
function Outline() {
  const model = useDocs((s) => s.model);
  if (!model) return null;
  const headings = headingsOf(model).filter((h) => h.block.level <= 2);
  return (
    <nav className="banso-doc-outline" aria-label="見出し" data-testid="doc-outline">
      <Text size="xs" fw={600} mb={2}>
        見出し
      </Text>
      {headings.map(({ index, block }) => (
        <a
          key={index}
          href={`#${headingId(index)}`}
          className={`banso-doc-outline-l${String(block.level)}`}
          title={headingText(block)}
          onClick={(e) => {
            e.preventDefault();
            document.getElementById(headingId(index))?.scrollIntoView({ block: 'start' });
          }}
        >
          {headingText(block)}
        </a>
      ))}
    </nav>
  );
}

function Options() {
  const options = useDocs((s) => s.options);
  const setOptions = useDocs((s) => s.setOptions);
  const [, setParams] = useSearchParams();
  return (
    <Stack gap={8}>
      <Input.Wrapper label="文書" size="xs">
        <SegmentedControl
          fullWidth
          size="xs"
          data={DOC_OPTIONS}
          value={options.doc}
          aria-label="文書"
          data-testid="doc-kind"
          onChange={(v) => {
            if (isDoc(v)) setParams(v === 'plan' ? {} : { doc: v }, { replace: true });
          }}
        />
      </Input.Wrapper>
      <Input.Wrapper label="日付" size="xs">
        <SegmentedControl
          fullWidth
          size="xs"
          data={ERA_OPTIONS}
          value={options.era}
          aria-label="日付"
          data-testid="doc-era"
          onChange={(v) => {
            if (v === 'wareki' || v === 'seireki') void setOptions({ era: v });
          }}
        />
      </Input.Wrapper>
      <Input.Wrapper label="未回答の設問" size="xs" description={options.doc === 'report' ? '計画書だけに使います' : undefined}>
        <SegmentedControl
          fullWidth
          size="xs"
          data={UNANSWERED_OPTIONS}
          value={options.unanswered}
          disabled={options.doc === 'report'}
          aria-label="未回答の設問"
          data-testid="doc-unanswered"
          onChange={(v) => {
            if (v === 'omit' || v === 'mark') void setOptions({ unanswered: v });
          }}
        />
      </Input.Wrapper>
    </Stack>
  );
}

/** Sheet width (210 mm at 96 dpi) plus the desk's side padding. */
const SHEET_PX = (210 / 25.4) * 96 + 32;

/** Shrink the sheets to fit a narrow window (never enlarge them). */
function useFitZoom(): [(el: HTMLDivElement | null) => void, number] {
  const [zoom, setZoom] = useState(1);
  const ref = useCallback((el: HTMLDivElement | null) => {
    if (!el) return;
    const fit = () => setZoom(Math.min(1, Math.max(0.5, el.clientWidth / SHEET_PX)));
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, zoom];
}

function Desk({ engagementId }: { engagementId: string }) {
  const [deskRef, zoom] = useFitZoom();
  const model = useDocs((s) => s.model);
  const status = useDocs((s) => s.status);
  const error = useDocs((s) => s.error);
  const options = useDocs((s) => s.options);
  const navigate = useNavigate();
  const [, setParams] = useSearchParams();

  if (status === 'error') {
    const noPlan = options.doc === 'plan' && (error ?? '').includes('まだ計画がありません');
    return (
      <Center h="100%" className="banso-doc-desk" data-testid="doc-desk" data-status="error">
        <Alert color={noPlan ? 'gray' : 'red'} title={noPlan ? 'この案件にはまだ計画がありません' : '文書を作れませんでした'} maw={480} data-testid="doc-error">
          <Stack gap={8}>
            <Text size="sm">{noPlan ? '計画書は、計画を作ってから書き出せます。支援実施報告書は計画がなくても書き出せます。' : error}</Text>
            {noPlan && (
              <Group gap={6}>
                <Button size="xs" leftSection={<IconTemplate size={14} />} onClick={() => void navigate(`/templates?engagement=${engagementId}`)}>
                  計画を作る
                </Button>
                <Button size="xs" variant="default" data-testid="doc-show-report" onClick={() => setParams({ doc: 'report' }, { replace: true })}>
                  支援実施報告書を表示
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      </Center>
    );
  }
  if (!model) {
    return (
      <Center h="100%" className="banso-doc-desk" data-testid="doc-desk" data-status="loading">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <div ref={deskRef} className="banso-doc-desk" data-testid="doc-desk" data-status={status} data-busy={status === 'loading' ? 'true' : 'false'} aria-busy={status === 'loading'}>
      <div style={zoom < 1 ? { zoom } : undefined}>
        <DocPreview model={model} />
      </div>
    </div>
  );
}

/** 文書を書き出す: the plan document or the 支援実施報告書 of an engagement, previewed, then saved as DOCX. */
export function DocumentsPage() {
  const { engagementId = '' } = useParams();
  const [params] = useSearchParams();
  const docParam = params.get('doc');
  const doc: DocKind = isDoc(docParam) ? docParam : 'plan';
  const open = useDocs((s) => s.open);
  const save = useDocs((s) => s.save);
  const saving = useDocs((s) => s.saving);
  const ready = useDocs((s) => s.status === 'ready' && s.model !== null);
  const [engagement, setEngagement] = useState<EngagementView | null>(null);
  const navigate = useNavigate();
  const location = useLocation();

  useEffect(() => {
    void open(engagementId, doc);
  }, [engagementId, doc, open]);

  useEffect(() => {
    let live = true;
    send('engagements.get', { id: engagementId })
      .then((v) => {
        if (live) setEngagement(v);
      })
      .catch(() => {
        if (live) setEngagement(null);
      });
    return () => {
      live = false;
    };
  }, [engagementId]);

  const run = async () => {
    if (saving || !ready) return;
    try {
      const { fileName, result } = await save();
      notifyExported({ fileName }, result);
    } catch (e) {
      notifyFailure('保存できませんでした', e);
    }
  };
  // Ctrl+S / ⌘S saves, also while an option has the focus (the page has no text fields).
  useHotkeys([['mod+S', () => void run()]], []);

  // Came from a page of the app: back there; opened directly: the engagement.
  const back = () => {
    if (location.key !== 'default') void navigate(-1);
    else void navigate(engagement ? `/engagements?client=${engagement.clientId}&engagement=${engagement.id}` : '/engagements');
  };

  return (
    <Page
      name="documents"
      title="文書を書き出す"
      subtitle={engagement ? engagement.displayName : ' '}
      actions={
        <Group gap={6} wrap="nowrap">
          <Button variant="default" leftSection={<IconArrowLeft size={14} />} onClick={back} data-testid="doc-back">
            戻る
          </Button>
          <Button leftSection={<IconDeviceFloppy size={14} />} loading={saving} disabled={!ready} onClick={() => void run()} title="Ctrl+S" data-testid="doc-save">
            DOCX を保存
          </Button>
        </Group>
      }
    >
      <div className="banso-doc-layout">
        <aside className="banso-doc-side" aria-label="書き出しの設定">
          <Options />
          <Text size="xs" c="dimmed">
            Word（A4 縦）で開いたときと同じ内容です。改ページの位置と目次のページ番号は、Word で開いたときに決まります。
          </Text>
          <Outline />
        </aside>
        <Desk engagementId={engagementId} />
      </div>
    </Page>
  );
}
