import { ActionIcon, Alert, Box, Button, CloseButton, Group, Modal, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import type { PlanView } from '../../../../shared/contract/plans.ts';
import type { PhaseGate } from '../../../../shared/domain/plan.ts';
import { questionMap } from '../../../../shared/domain/template.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { write } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';

/**
 * Actions on a whole plan, beside the answers: close / reopen a phase (a refused close lists what
 * is missing), take the newest version of the template (answers are kept; those that no longer
 * fit are listed), and undo the last change.
 */

function ProblemList({ problems, testId, onJump }: { problems: readonly { questionId: string; message: string }[]; testId: string; onJump: (questionId: string) => void }) {
  return (
    <>
      {problems.map((p, i) => (
        <UnstyledButton key={`${p.questionId}-${String(i)}`} onClick={() => onJump(p.questionId)} data-testid={testId} style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconAlertTriangle size={12} color="var(--mantine-color-orange-7)" style={{ flex: 'none', marginTop: 2 }} />
            <span>{p.message}</span>
          </Group>
        </UnstyledButton>
      ))}
    </>
  );
}

/**
 * The gate check of one phase: what is missing before it can be closed (each item jumps to its
 * question), and フェーズを完了 / 作業中に戻す. A refused close shows the list the core refused with,
 * until the phase's gates change.
 */
export function GatePanel({
  plan,
  phaseName,
  gate,
  beforeChange,
  onPlan,
  onJump,
}: {
  plan: PlanView;
  phaseName: string;
  gate: PhaseGate;
  beforeChange: () => Promise<void>;
  onPlan: (p: PlanView) => void;
  onJump: (questionId: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<{ problems: { questionId: string; message: string }[]; gates: string } | null>(null);
  const gatesNow = JSON.stringify(gate.problems);
  // The gates as of the last render: a refusal is shown until they change.
  const latestGates = useRef(gatesNow);
  latestGates.current = gatesNow;
  const showRefusal = refused !== null && refused.gates === gatesNow;

  const run = async () => {
    setBusy(true);
    setRefused(null);
    try {
      await beforeChange();
      const input = { engagementId: plan.engagementId, phaseId: gate.phaseId };
      const next = gate.closed ? await write('plan.reopenPhase', input) : await write('plan.closePhase', input);
      onPlan(next);
      notify({ tone: 'ok', text: gate.closed ? `「${gate.name}」を作業中に戻しました` : `「${gate.name}」を完了にしました` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'invalid_input' && e.issues && e.issues.length > 0) {
        setRefused({ problems: e.issues.map((i) => ({ questionId: String(i.path[1] ?? ''), message: i.message })), gates: latestGates.current });
      } else notify({ tone: 'error', text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap={4} data-testid="gate-panel" data-ready={gate.ready ? 'true' : 'false'}>
      <Text size="xs" fw={600}>
        {phaseName} を完了にする前に
      </Text>
      {showRefusal ? (
        <Alert color="orange" p={6} data-testid="phase-close-refused" role="alert">
          <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
            <Text size="xs" fw={600}>
              「{gate.name}」はまだ完了にできません。次の{refused.problems.length}件を解消してください。
            </Text>
            <CloseButton size="xs" aria-label="閉じる" onClick={() => setRefused(null)} />
          </Group>
          <Stack gap={2} mt={4}>
            <ProblemList problems={refused.problems} testId="phase-close-problem" onJump={onJump} />
          </Stack>
        </Alert>
      ) : gate.closed ? (
        <Text size="xs" c="dimmed">
          このフェーズは完了にしてあります。回答の修正はできます。
        </Text>
      ) : gate.ready ? (
        <Text size="xs" c="teal.9">
          不足はありません。このフェーズは完了にできます。
        </Text>
      ) : (
        <ProblemList problems={gate.problems} testId="gate-problem" onJump={onJump} />
      )}
      <Box mt={4} data-testid="phase-close" data-closed={gate.closed ? 'true' : 'false'}>
        <Button
          size="compact-xs"
          variant={!gate.closed && gate.ready ? 'filled' : 'default'}
          leftSection={gate.closed ? <IconArrowBackUp size={12} /> : <IconCircleCheck size={12} />}
          loading={busy}
          onClick={() => void run()}
          data-testid={gate.closed ? 'phase-reopen' : 'phase-close-button'}
        >
          {gate.closed ? '作業中に戻す' : 'フェーズを完了'}
        </Button>
      </Box>
    </Stack>
  );
}

export interface TemplateUpdateResult {
  from: number;
  to: number;
  orphaned: { questionId: string; label: string; message: string }[];
}

/** 「テンプレートを最新版に更新」: shown while the template has a version the plan does not use. */
export function TemplateUpdate({ plan, beforeChange, onUpdated }: { plan: PlanView; beforeChange: () => Promise<void>; onUpdated: (p: PlanView, r: TemplateUpdateResult) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await beforeChange();
      const before = plan;
      const next = await write('plan.updateTemplate', { engagementId: plan.engagementId });
      const was = new Set(before.orphans.map((o) => o.questionId));
      const oldQuestions = questionMap(before.template);
      const orphaned = next.orphans
        .filter((o) => !was.has(o.questionId))
        .map((o) => ({ questionId: o.questionId, label: oldQuestions.get(o.questionId)?.question.label ?? o.questionId, message: o.message }));
      setConfirming(false);
      onUpdated(next, { from: before.template.version, to: next.template.version, orphaned });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (!plan.templateUpdateAvailable) return null;
  return (
    <>
      <Group gap={6} wrap="nowrap" px={8} py={4} style={{ border: '1px solid var(--mantine-color-yellow-4)', background: 'var(--mantine-color-yellow-0)', borderRadius: 4 }} data-testid="template-update">
        <IconRefresh size={14} color="var(--mantine-color-yellow-8)" style={{ flex: 'none' }} />
        <Text size="xs" style={{ flex: 1 }}>
          テンプレート「{plan.template.name}」に新しい版があります（この計画は版{plan.template.version}の写しを使っています）。
        </Text>
        <Button size="compact-xs" variant="default" onClick={() => setConfirming(true)} data-testid="template-update-open">
          テンプレートを最新版に更新
        </Button>
      </Group>
      <Modal opened={confirming} onClose={busy ? () => undefined : () => setConfirming(false)} title="テンプレートを最新版に更新" size="md" centered data-testid="template-update-modal">
        <Stack gap="sm">
          <Text size="sm">この計画のテンプレートを最新版に差し替えます。</Text>
          <Text size="sm">回答はすべて残ります。最新版で削除された設問や、種類・選択肢が変わって合わなくなった設問の回答は、消さずに「テンプレートにない回答」として残します（更新のあとに一覧で知らせます）。</Text>
          {error && (
            <Text size="xs" c="red.9" role="alert">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={busy}>
              キャンセル
            </Button>
            <Button loading={busy} onClick={() => void run()} data-autofocus data-testid="template-update-confirm">
              最新版に更新
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** What the template update did: the versions, and the answers that no longer have their question. */
export function TemplateUpdated({ result, onClose }: { result: TemplateUpdateResult; onClose: () => void }) {
  return (
    <Alert color={result.orphaned.length > 0 ? 'yellow' : 'teal'} p={6} data-testid="template-updated" data-orphans={result.orphaned.length}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap={4}>
        <Box>
          <Text size="xs" fw={600}>
            テンプレートを版{result.from}から版{result.to}に更新しました。回答はすべて残っています。
          </Text>
          {result.orphaned.length === 0 ? (
            <Text size="xs">テンプレートにない回答になったものはありません。</Text>
          ) : (
            <Text size="xs">
              テンプレートにない回答になったもの（{result.orphaned.length}件、右の一覧に残っています）: {result.orphaned.map((o) => `「${o.label}」`).join('、')}
            </Text>
          )}
        </Box>
        <CloseButton size="xs" aria-label="閉じる" onClick={onClose} />
      </Group>
    </Alert>
  );
}

/** 元に戻す: undo the plan's last change (an answer, or closing / reopening a phase). */
export function PlanUndo({ plan, beforeChange, onUndone }: { plan: PlanView; beforeChange: () => Promise<void>; onUndone: (p: PlanView) => void }) {
  const [busy, setBusy] = useState(false);
  const undo = async () => {
    setBusy(true);
    try {
      await beforeChange();
      const r = await write('plan.undo', { engagementId: plan.engagementId });
      onUndone(r.plan);
      notify({ tone: 'ok', text: `直前の変更を元に戻しました: ${r.undone.label}` });
    } catch (e) {
      notify({ tone: 'error', text: `元に戻せませんでした: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip label="直前の変更を元に戻す">
      <ActionIcon variant="subtle" color="gray" loading={busy} aria-label="直前の変更を元に戻す" data-testid="plan-undo" onClick={() => void undo()}>
        <IconArrowBackUp size={16} />
      </ActionIcon>
    </Tooltip>
  );
}
