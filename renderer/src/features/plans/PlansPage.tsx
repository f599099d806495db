import { DateField } from '../../components/DateField.tsx';
import { wareki } from '../../lib/format.ts';
import { Alert, Box, Button, Group, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { EngagementSummary } from '../../../../shared/contract/engagements.ts';
import { ApiError } from '../../api/client.ts';
import { contract } from '../../../../shared/contract/index.ts';
import { applyApiError, useSchemaForm } from '../../lib/form.ts';
import { setCached, useContract, write } from '../../api/query.ts';
import { Page } from '../../components/Page.tsx';
import { PlansSwitch } from '../../components/PlansSwitch.tsx';
import { PlanWorkbench } from './PlanWorkbench.tsx';
import { paths } from '../../routes.ts';

/** 計画テンプレート: an engagement's plan, filled in phase by phase. */
export function PlansPage() {
  const { engagementId = '' } = useParams();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  // A question to open (e.g. a result of the global search).
  const question = params.get('question');
  const list = useContract('engagements.list', {});
  const engagements = list.data?.items ?? null;
  const listError = list.error?.message ?? null;
  // The workbench starts from this answer: only one read since the page was shown counts.
  const shown = useContract('plan.show', { engagementId }, { enabled: engagementId !== '', fresh: true });
  const noPlan = shown.error instanceof ApiError && shown.error.code === 'not_found' && shown.error.message.includes('まだ計画がありません');

  const engagement = engagements?.find((e) => e.id === engagementId) ?? null;

  return (
    <Page
      name="plans"
      title="計画テンプレート"
      subtitle="案件の計画を、フェーズごとのガイドに沿って書き進めます"
      actions={
        <Group gap={8} wrap="nowrap">
          <Select
            aria-label="案件"
            size="xs"
            w={360}
            placeholder={engagements === null ? '読み込み中…' : engagements.length === 0 ? '案件がまだありません' : '案件を選ぶ'}
            data={(engagements ?? []).map((e) => ({ value: e.id, label: `${e.displayName}（${wareki(e.startDate)}〜）` }))}
            value={engagementId || null}
            onChange={(v) => void navigate(paths.plan(v))}
            searchable
            nothingFoundMessage="見つかりません"
            data-testid="plan-engagement"
          />
          <PlansSwitch value="plans" templateId={shown.data?.templateId ?? null} engagementId={engagementId || null} />
        </Group>
      }
    >
      <Stack gap={6} p="sm" pt={6} style={{ height: '100%', minHeight: 0 }}>
        {listError && (
          <Text size="xs" c="red.9">
            {listError}
          </Text>
        )}

        {!engagementId && (
          <Text size="sm" c="dimmed">
            案件を選ぶと、その計画（日程・進み具合・関門）が開きます。計画がまだなければ、テンプレートと開始日を選んで作成します。
          </Text>
        )}
        {engagementId && !shown.data && !shown.isError && <Loader size="sm" />}
        {shown.isError && !noPlan && (
          <Alert color="red" title="計画を開けませんでした">
            {shown.error.message}
          </Alert>
        )}
        {noPlan && <CreatePlan engagementId={engagementId} engagement={engagement} />}
        {shown.data && <PlanWorkbench key={shown.data.engagementId} initial={shown.data} openQuestion={question} />}
      </Stack>
    </Page>
  );
}

function CreatePlan({ engagementId, engagement }: { engagementId: string; engagement: EngagementSummary | null }) {
  const list = useContract('templates.list', {});
  const templates = list.data?.items ?? null;
  // Checked by the contract's own input schema of plan.create ('' start = the engagement's).
  const form = useSchemaForm<{ templateId: string | null; startDate: string }>({ templateId: null, startDate: engagement?.startDate ?? '' }, contract['plan.create'].input, (v) => ({
    engagementId,
    templateId: v.templateId ?? undefined,
    startDate: v.startDate || undefined,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { templateId, startDate } = form.getValues();

  // The template of the engagement's program is proposed, and the engagement's start date.
  useEffect(() => {
    if (templates && templateId === null) form.setFieldValue('templateId', templates.find((t) => t.builtIn && t.program === engagement?.program)?.id ?? templates[0]?.id ?? null);
    if (engagement && startDate === '') form.setFieldValue('startDate', engagement.startDate);
  }, [templates, engagement, templateId, startDate]);

  const create = form.onSubmit(async (v) => {
    setBusy(true);
    setError(null);
    try {
      const plan = await write('plan.create', { engagementId, templateId: v.templateId ?? undefined, startDate: v.startDate || undefined });
      // The page shows the new plan at once (plan.show is fetched again in the background).
      setCached('plan.show', { engagementId }, () => plan);
    } catch (e) {
      setError(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  });
  const chosen = templates?.find((t) => t.id === templateId);

  return (
    <Paper withBorder p="md" maw={640} data-testid="plan-create">
      <form onSubmit={create} noValidate>
        <Stack gap="sm">
          <Text size="sm" fw={600}>
            この案件にはまだ計画がありません
          </Text>
          <Select
            label="テンプレート"
            size="sm"
            data={(templates ?? []).map((t) => ({ value: t.id, label: `${t.name}${t.builtIn ? '' : '（自作）'}` }))}
            allowDeselect={false}
            data-testid="plan-create-template"
            {...form.getInputProps('templateId')}
          />
          {chosen && (
            <Text size="xs" c="dimmed">
              {chosen.description} ・ {chosen.phases}フェーズ・{chosen.questions}設問
            </Text>
          )}
          <DateField label="開始日" size="sm" w={260} data-testid="plan-create-start" value={startDate} error={form.errors.startDate} onChange={(x) => form.setFieldValue('startDate', x)} />
          {(error ?? list.error?.message) && (
            <Text size="xs" c="red.9" role="alert">
              {error ?? list.error?.message}
            </Text>
          )}
          <Box>
            <Button type="submit" loading={busy} disabled={!templateId} data-testid="plan-create-submit">
              計画を作成
            </Button>
          </Box>
        </Stack>
      </form>
    </Paper>
  );
}
