import { Alert, Box, Button, Group, Loader, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { EngagementSummary } from '../../../../shared/contract/engagements.ts';
import type { PlanView, TemplateSummary } from '../../../../shared/contract/plans.ts';
import { ApiError, errorMessage, send } from '../../api/client.ts';
import { Page } from '../../components/Page.tsx';
import { PlansSwitch } from '../templates/PlansSwitch.tsx';
import { PlanWorkbench } from './PlanWorkbench.tsx';

type Load = { status: 'idle' } | { status: 'loading' } | { status: 'none' } | { status: 'ready'; plan: PlanView } | { status: 'error'; message: string };

/** 計画テンプレート: an engagement's plan, filled in phase by phase. */
export function PlansPage() {
  const [params, setParams] = useSearchParams();
  const engagementId = params.get('engagement') ?? '';
  const [engagements, setEngagements] = useState<EngagementSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ status: 'idle' });

  useEffect(() => {
    send('engagements.list', {})
      .then((r) => setEngagements(r.items))
      .catch((e: unknown) => setListError(errorMessage(e)));
  }, []);

  const reload = useCallback(async (id: string) => {
    if (!id) {
      setLoad({ status: 'idle' });
      return;
    }
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', plan: await send('plan.show', { engagementId: id }) });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'not_found' && e.message.includes('まだ計画がありません')) setLoad({ status: 'none' });
      else setLoad({ status: 'error', message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    void reload(engagementId);
  }, [engagementId, reload]);

  const engagement = engagements?.find((e) => e.id === engagementId) ?? null;

  return (
    <Page
      name="templates"
      title="計画テンプレート"
      subtitle="案件の計画を、フェーズごとのガイドに沿って書き進めます"
      actions={<PlansSwitch value="plans" templateId={load.status === 'ready' ? load.plan.templateId : null} />}
    >
      <Stack gap={8} p="sm" style={{ height: '100%', minHeight: 0 }}>
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <Select
            label="案件"
            size="xs"
            w={420}
            placeholder={engagements === null ? '読み込み中…' : engagements.length === 0 ? '案件がまだありません' : '案件を選ぶ'}
            data={(engagements ?? []).map((e) => ({ value: e.id, label: `${e.displayName}（${e.startDate}〜）` }))}
            value={engagementId || null}
            onChange={(v) => setParams(v ? { engagement: v } : {})}
            searchable
            nothingFoundMessage="見つかりません"
            data-testid="plan-engagement"
          />
          {listError && (
            <Text size="xs" c="red.7">
              {listError}
            </Text>
          )}
        </Group>

        {load.status === 'idle' && (
          <Text size="sm" c="dimmed">
            案件を選ぶと、その計画（日程・進み具合・関門）が開きます。計画がまだなければ、テンプレートと開始日を選んで作成します。
          </Text>
        )}
        {load.status === 'loading' && <Loader size="sm" />}
        {load.status === 'error' && (
          <Alert color="red" title="計画を開けませんでした">
            {load.message}
          </Alert>
        )}
        {load.status === 'none' && <CreatePlan engagementId={engagementId} engagement={engagement} onCreated={(plan) => setLoad({ status: 'ready', plan })} />}
        {load.status === 'ready' && <PlanWorkbench key={load.plan.engagementId} initial={load.plan} />}
      </Stack>
    </Page>
  );
}

function CreatePlan({ engagementId, engagement, onCreated }: { engagementId: string; engagement: EngagementSummary | null; onCreated: (p: PlanView) => void }) {
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [start, setStart] = useState(engagement?.startDate ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    send('templates.list', {})
      .then((r) => setTemplates(r.items))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    if (templates && templateId === null) setTemplateId(templates.find((t) => t.builtIn && t.program === engagement?.program)?.id ?? templates[0]?.id ?? null);
    if (engagement && start === '') setStart(engagement.startDate);
  }, [templates, engagement, templateId, start]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      onCreated(await send('plan.create', { engagementId, templateId: templateId ?? undefined, startDate: start || undefined }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const chosen = templates?.find((t) => t.id === templateId);

  return (
    <Paper withBorder p="md" maw={640} data-testid="plan-create">
      <Stack gap="sm">
        <Text size="sm" fw={600}>
          この案件にはまだ計画がありません
        </Text>
        <Select
          label="テンプレート"
          size="sm"
          data={(templates ?? []).map((t) => ({ value: t.id, label: `${t.name}${t.builtIn ? '' : '（自作）'}` }))}
          value={templateId}
          onChange={setTemplateId}
          allowDeselect={false}
          data-testid="plan-create-template"
        />
        {chosen && (
          <Text size="xs" c="dimmed">
            {chosen.description} ・ {chosen.phases}フェーズ・{chosen.questions}設問
          </Text>
        )}
        <TextInput label="開始日" type="date" size="sm" w={200} value={start} onChange={(e) => setStart(e.currentTarget.value)} data-testid="plan-create-start" />
        {error && (
          <Text size="xs" c="red.7" role="alert">
            {error}
          </Text>
        )}
        <Box>
          <Button onClick={() => void create()} loading={busy} disabled={!templateId} data-testid="plan-create-submit">
            計画を作成
          </Button>
        </Box>
      </Stack>
    </Paper>
  );
}
