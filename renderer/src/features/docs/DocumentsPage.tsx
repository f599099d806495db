import './docs.css';

import { Alert, Button, Center, Group, Input, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowLeft, IconDeviceFloppy, IconTemplate } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { notifyExported, notifyFailure } from '../../lib/notify.tsx';
import { DocPreview, headingId, headingsOf, headingText } from './DocPreview.tsx';
import { PlanDocSettings } from './PlanDocSettings.tsx';
import type { DocModel, Era } from '../../../../shared/domain/document.ts';
import { ask, useContract } from '../../api/query.ts';
import { useSettings } from '../../lib/appInfo.ts';
import { saveFile } from '../../lib/files.ts';
import type { DocKind } from '../../routes.ts';
import { paths } from '../../routes.ts';

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

type Unanswered = 'omit' | 'mark';
interface DocOptions {
  doc: DocKind;
  era: Era;
  unanswered: Unanswered;
}

/** The headings of chapters and sections, to jump to in the preview. */
function Outline({ model }: { model: DocModel | undefined }) {
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

function Options({ options, setOptions }: { options: DocOptions; setOptions: (patch: Partial<DocOptions>) => void }) {
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
            if (v === 'wareki' || v === 'seireki') setOptions({ era: v });
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
            if (v === 'omit' || v === 'mark') setOptions({ unanswered: v });
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

function Desk({ engagementId, options, model, status, error }: { engagementId: string; options: DocOptions; model: DocModel | undefined; status: 'loading' | 'ready' | 'error'; error: string | null }) {
  const [deskRef, zoom] = useFitZoom();
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
                <Button size="xs" leftSection={<IconTemplate size={14} />} onClick={() => void navigate(paths.plan(engagementId))}>
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
  const settings = useSettings();
  // 和暦 or 西暦 as chosen in 設定, until changed here.
  const [era, setEra] = useState<Era | null>(null);
  const [unanswered, setUnanswered] = useState<Unanswered>('omit');
  const options: DocOptions = { doc, era: era ?? settings.data?.dateStyle ?? 'wareki', unanswered };
  const input = { engagementId, doc: options.doc, era: options.era, unanswered: options.unanswered };
  // The document of the options shown; the last one stays on the desk while the next one loads.
  const docModel = useContract('docs.model', input, { keepPrevious: true, enabled: era !== null || !settings.isPending });
  const model = docModel.isError ? undefined : docModel.data;
  const status = docModel.isError ? 'error' : docModel.isFetching || !docModel.data ? 'loading' : 'ready';
  const engagement = useContract('engagements.get', { id: engagementId }).data ?? null;
  const [saving, setSaving] = useState(false);
  const ready = status === 'ready' && model !== undefined;
  const navigate = useNavigate();
  const location = useLocation();
  const setOptions = (patch: Partial<DocOptions>) => {
    if (patch.era) setEra(patch.era);
    if (patch.unanswered) setUnanswered(patch.unanswered);
  };

  const run = async () => {
    if (saving || !ready) return;
    setSaving(true);
    try {
      const out = await ask('docs.export', input);
      notifyExported(out, await saveFile(out));
    } catch (e) {
      notifyFailure('保存できませんでした', e);
    } finally {
      setSaving(false);
    }
  };
  // Ctrl+S / ⌘S saves, also while an option has the focus (the page has no text fields).
  useHotkeys([['mod+S', () => void run()]], []);

  // Came from a page of the app: back there; opened directly: the engagement.
  const back = () => {
    if (location.key !== 'default') void navigate(-1);
    else void navigate(paths.engagements(engagement ? { client: engagement.clientId, engagement: engagement.id } : {}));
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
          <Options options={options} setOptions={setOptions} />
          {options.doc === 'plan' && status !== 'error' && <PlanDocSettings engagementId={engagementId} />}
          <Text size="xs" c="dimmed">
            Word（A4 縦）で開いたときと同じ内容です。改ページの位置は Word で開いたときに決まり、目次のページ番号は「目次の更新」で入ります。
          </Text>
          <Outline model={model} />
        </aside>
        <Desk engagementId={engagementId} options={options} model={model} status={status} error={docModel.error?.message ?? null} />
      </div>
    </Page>
  );
}
