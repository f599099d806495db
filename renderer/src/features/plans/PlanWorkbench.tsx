import { ActionIcon, Badge, Box, Button, Group, Paper, Progress, ScrollArea, Stack, Tabs, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsMaximize, IconArrowsMinimize, IconArrowUp, IconCircleCheck, IconLayoutSidebar, IconLayoutSidebarRight } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { PlanAnswerResult, PlanView } from '../../../../shared/contract/plans.ts';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { ExportDocButton } from '../../components/ExportDocButton.tsx';
import { write } from '../../api/query.ts';
import { useAutosave } from '../../lib/autosave.ts';
import { findQuestion, preview, stepPlace, type Place } from './model.ts';
import { GatePanel, PlanUndo, TemplateUpdate, TemplateUpdated, type TemplateUpdateResult } from './PlanActions.tsx';
import { PlanHistory } from './PlanHistory.tsx';
import { PlanTimeline } from './PlanTimeline.tsx';
import { QuestionField } from './QuestionField.tsx';
import { paths } from '../../routes.ts';

const inputIdOf = (questionId: string) => `plan-q-${questionId}`;

/** Which side panes are shown (kept in this window's storage): the stepper and the gate / 未記入 / 履歴 pane. */
interface Panes {
  left: boolean;
  right: boolean;
}
const PANES_KEY = 'banso.plan.panes';
function loadPanes(): Panes {
  try {
    const v = JSON.parse(window.localStorage.getItem(PANES_KEY) ?? 'null') as Partial<Panes> | null;
    return { left: v?.left !== false, right: v?.right !== false };
  } catch {
    return { left: true, right: true };
  }
}
function savePanes(p: Panes): void {
  try {
    window.localStorage.setItem(PANES_KEY, JSON.stringify(p));
  } catch {
    /* not kept: the panes open again next time */
  }
}

function answerValues(plan: PlanView): Record<string, unknown> {
  return Object.fromEntries(Object.entries(plan.answers).map(([k, a]) => [k, a.value]));
}

export function PlanWorkbench({ initial, openQuestion = null }: { initial: PlanView; openQuestion?: string | null }) {
  const [plan, setPlan] = useState(initial);
  const t = plan.template;

  const [at, setAt] = useState<Place>(() => {
    const current = initial.schedule.phases.findIndex((p) => p.state === 'current');
    return { phase: Math.max(0, current), section: 0 };
  });
  const [focus, setFocus] = useState<string | null>(null);
  const [tab, setTab] = useState<string | null>('gates');
  // Bumped when the answers are replaced from the core (undo, template update): the fields remount.
  const [fieldsKey, setFieldsKey] = useState(0);
  const [updated, setUpdated] = useState<TemplateUpdateResult | null>(null);
  const [panes, setPanesState] = useState<Panes>(loadPanes);
  const setPanes = (p: Panes) => {
    setPanesState(p);
    savePanes(p);
  };
  const fullWidth = !panes.left && !panes.right;

  const onResult = useCallback((r: PlanAnswerResult) => {
    setPlan((p) => ({ ...p, progress: r.progress, gates: r.gates, computed: r.computed, orphans: r.orphans }));
  }, []);
  // The answers autosave like every form: one plan.answer per changed question, in order.
  const saver = useAutosave<Record<string, unknown>>({
    initial: answerValues(initial),
    batch: 'each',
    save: async (patch) => {
      for (const [questionId, value] of Object.entries(patch)) onResult(await write('plan.answer', { engagementId: initial.engagementId, questionId, value }));
    },
  });
  const values = saver.draft;

  /** A whole new view of the plan from the core: answers, template and gates. */
  const replacePlan = useCallback((next: PlanView) => {
    setPlan(next);
    saver.reset(answerValues(next));
    setAt((cur) => (next.template.phases[cur.phase]?.sections[cur.section] ? cur : { phase: 0, section: 0 }));
    setFieldsKey((k) => k + 1);
  }, [saver.reset]);

  const edit = saver.edit;

  const jump = (questionId: string) => {
    const place = findQuestion(t, questionId);
    if (!place) return;
    setAt({ phase: place.phase, section: place.section });
    setFocus(questionId);
  };

  // Asked to open a question (?question=): its phase and section, scrolled to and focused.
  useEffect(() => {
    if (openQuestion) jump(openQuestion);
  }, [openQuestion]);

  useEffect(() => {
    if (focus === null) return;
    const el = document.getElementById(inputIdOf(focus));
    const card = document.getElementById(`plan-card-${focus}`);
    card?.scrollIntoView({ block: 'start', behavior: 'auto' });
    el?.focus();
    setFocus(null);
  }, [focus, at]);

  const go = (step: 1 | -1) => {
    const next = stepPlace(t, at, step);
    if (next) setAt(next);
  };

  // Alt+↓ / Alt+↑: next / previous section, from anywhere on the page.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.isComposing) return;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const next = stepPlace(t, at, e.key === 'ArrowDown' ? 1 : -1);
        if (next) setAt(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t, at]);

  const phase = t.phases[at.phase];
  const section = phase?.sections[at.section];
  const phaseGate = plan.gates.find((g) => g.phaseId === phase?.id);
  const missingAll = useMemo(() => plan.progress.phases.flatMap((p) => p.missing), [plan.progress]);
  const prev = stepPlace(t, at, -1);
  const next = stepPlace(t, at, 1);

  return (
    <Stack gap={6} style={{ flex: 1, minHeight: 0 }} data-testid="plan-workbench">
      <Group justify="space-between" gap="sm" wrap="nowrap">
        <Group gap="xs" wrap="nowrap" miw={0}>
          <Text size="sm" fw={600} truncate>
            {t.name}
          </Text>
          <Badge variant="light" color="gray" size="sm">
            全体 {plan.progress.answered}/{plan.progress.required}
          </Badge>
          {plan.closedPhases.length > 0 && (
            <Badge variant="light" color="gray" size="sm" data-testid="closed-count">
              完了 {plan.closedPhases.length}/{t.phases.length}フェーズ
            </Badge>
          )}
        </Group>
        <Group gap={8} wrap="nowrap" style={{ flex: 'none' }}>
          <Tooltip label={panes.left ? 'フェーズとセクションの一覧を隠す' : 'フェーズとセクションの一覧を表示'}>
            <ActionIcon variant={panes.left ? 'subtle' : 'light'} color="gray" aria-label="フェーズとセクションの一覧" aria-pressed={panes.left} data-testid="pane-left" onClick={() => setPanes({ ...panes, left: !panes.left })}>
              <IconLayoutSidebar size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={panes.right ? '関門チェック・未記入一覧・履歴を隠す' : '関門チェック・未記入一覧・履歴を表示'}>
            <ActionIcon variant={panes.right ? 'subtle' : 'light'} color="gray" aria-label="関門チェック・未記入一覧・履歴" aria-pressed={panes.right} data-testid="pane-right" onClick={() => setPanes({ ...panes, right: !panes.right })}>
              <IconLayoutSidebarRight size={16} />
            </ActionIcon>
          </Tooltip>
          <Button
            size="xs"
            variant={fullWidth ? 'filled' : 'default'}
            leftSection={fullWidth ? <IconArrowsMinimize size={14} /> : <IconArrowsMaximize size={14} />}
            aria-pressed={fullWidth}
            data-testid="plan-full-width"
            onClick={() => setPanes(fullWidth ? { left: true, right: true } : { left: false, right: false })}
          >
            {fullWidth ? '一覧を戻す' : '全幅で編集'}
          </Button>
          <SaveIndicator state={saver.saveState} />
          <PlanUndo plan={plan} beforeChange={saver.flush} onUndone={replacePlan} />
          <ExportDocButton engagementId={plan.engagementId} size="xs" beforeOpen={saver.flush} />
        </Group>
      </Group>
      <TemplateUpdate
        plan={plan}
        beforeChange={saver.flush}
        onUpdated={(next, r) => {
          replacePlan(next);
          setUpdated(r);
        }}
      />
      {updated && <TemplateUpdated result={updated} onClose={() => setUpdated(null)} />}
      <PlanTimeline plan={plan} />

      <Box
        style={{ display: 'grid', gridTemplateColumns: [panes.left ? '210px' : null, 'minmax(0, 1fr)', panes.right ? '260px' : null].filter(Boolean).join(' '), gap: 10, flex: 1, minHeight: 0 }}
        data-testid="plan-panes"
        data-left={panes.left}
        data-right={panes.right}
      >
        {/* Stepper: phases and their sections */}
        {panes.left && (
          <ScrollArea type="auto" style={{ borderRight: '1px solid var(--mantine-color-gray-3)' }} pr={6}>
            <nav aria-label="フェーズとセクション" data-testid="plan-stepper">
              <Stack gap={8}>
                {t.phases.map((p, pi) => {
                  const prog = plan.progress.phases.find((x) => x.phaseId === p.id);
                  const gate = plan.gates.find((g) => g.phaseId === p.id);
                  return (
                    <Box key={p.id} data-testid={`phase-${p.id}`}>
                      <Group gap={4} wrap="nowrap" justify="space-between">
                        <Text size="sm" fw={700} truncate title={p.name}>
                          {pi + 1}. {p.name}
                        </Text>
                        {gate?.closed ? (
                          <Badge size="xs" color="gray" style={{ flex: 'none' }}>
                            完了
                          </Badge>
                        ) : gate?.ready ? (
                          <Badge size="xs" color="teal" variant="light" style={{ flex: 'none' }} leftSection={<IconCircleCheck size={10} />}>
                            関門OK
                          </Badge>
                        ) : (
                          <Badge size="xs" color="orange" variant="light" data-testid="gate-count" style={{ flex: 'none' }}>
                            不足 {gate?.problems.length ?? 0}
                          </Badge>
                        )}
                      </Group>
                      {prog && (
                        <Group gap={6} wrap="nowrap" mb={2}>
                          <Progress value={prog.ratio * 100} size="sm" style={{ flex: 1 }} aria-label={`${p.name} の進み具合`} />
                          <Text size="xs" c="dimmed" data-testid="phase-progress" style={{ whiteSpace: 'nowrap' }}>
                            {prog.answered}/{prog.required}
                          </Text>
                        </Group>
                      )}
                      <Stack gap={0}>
                        {p.sections.map((s, si) => {
                          const active = pi === at.phase && si === at.section;
                          return (
                            <UnstyledButton
                              key={s.id}
                              onClick={() => setAt({ phase: pi, section: si })}
                              aria-current={active ? 'step' : undefined}
                              data-testid={`section-${s.id}`}
                              px={8}
                              py={3}
                              style={{
                                borderRadius: 4,
                                fontSize: 'var(--mantine-font-size-sm)',
                                background: active ? 'var(--mantine-color-blue-0)' : undefined,
                                borderLeft: `3px solid ${active ? 'var(--mantine-color-blue-6)' : 'transparent'}`,
                                fontWeight: active ? 600 : 400,
                              }}
                            >
                              {s.title}
                            </UnstyledButton>
                          );
                        })}
                      </Stack>
                    </Box>
                  );
                })}
              </Stack>
            </nav>
          </ScrollArea>
        )}

        {/* The current section's questions */}
        <ScrollArea type="auto" data-testid="plan-section">
          {phase && section && (
            <Stack gap={10} pr={8} pb="md" key={fieldsKey}>
              <Box>
                <Text size="xs" c="dimmed">
                  {phase.name} ・ 第{phase.weeks.from}〜{phase.weeks.to}週{section.chapter ? ` ・ 文書の「${section.chapter}」へ` : ''}
                </Text>
                <Title order={2} size="h4">
                  {section.title}
                </Title>
                {phase.goals.length > 0 && at.section === 0 && (
                  <Text size="xs" c="dimmed">
                    目標: {phase.goals.join(' ／ ')}
                  </Text>
                )}
                {section.guidance && (
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                    {section.guidance}
                  </Text>
                )}
              </Box>
              {section.questions.map((q) => {
                const error = saver.errors[q.id];
                return (
                  <Paper key={q.id} id={`plan-card-${q.id}`} withBorder p={8} radius="sm" data-testid={`question-${q.id}`}>
                    {/* The guidance above the field, so the answer box has the whole width of the pane. */}
                    <Box style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 10 }}>
                      <Stack gap={4} miw={0}>
                        <Text component="label" htmlFor={inputIdOf(q.id)} size="sm" fw={600}>
                          {q.label}
                          {q.required && (
                            <Text span c="red.9" size="xs" ml={4}>
                              必須
                            </Text>
                          )}
                        </Text>
                        {q.guidance && (
                          <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                            {q.guidance}
                          </Text>
                        )}
                        <QuestionField
                          question={q}
                          value={values[q.id] ?? null}
                          values={values}
                          computed={plan.computed[q.id]}
                          inputId={inputIdOf(q.id)}
                          onChange={(v, o) => edit(q.id, v, o)}
                          setComposing={saver.setComposing}
                        />
                        {error && (
                          <Text size="xs" c="red.9" role="alert" data-testid="question-error">
                            {error}
                          </Text>
                        )}
                      </Stack>
                    </Box>
                  </Paper>
                );
              })}
              {section.questions.length === 0 && (
                <Text size="sm" c="dimmed">
                  このセクションに設問はありません。
                </Text>
              )}
              <Group justify="space-between">
                <Button variant="default" size="xs" leftSection={<IconArrowUp size={14} />} disabled={!prev} onClick={() => go(-1)} title="Alt+↑">
                  前へ
                </Button>
                <Text size="xs" c="dimmed">
                  Alt+↑ / Alt+↓ でセクションを移動
                </Text>
                <Button variant="default" size="xs" rightSection={<IconArrowDown size={14} />} disabled={!next} onClick={() => go(1)} title="Alt+↓" data-testid="plan-next">
                  次へ
                </Button>
              </Group>
            </Stack>
          )}
        </ScrollArea>

        {/* Gates, 未記入一覧, orphaned answers */}
        {panes.right && (
          <ScrollArea type="auto" style={{ borderLeft: '1px solid var(--mantine-color-gray-3)' }} pl={8} pr={10}>
            <Tabs value={tab} onChange={setTab} variant="outline" styles={{ tab: { paddingInline: 8 } }}>
              <Tabs.List>
                <Tabs.Tab value="gates" fz="xs">
                  関門チェック
                </Tabs.Tab>
                <Tabs.Tab value="missing" fz="xs" data-testid="tab-missing">
                  未記入一覧（{missingAll.length}）
                </Tabs.Tab>
                <Tabs.Tab value="history" fz="xs" data-testid="tab-history" title="変更履歴">
                  履歴
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="gates" pt={6}>
                {phase && phaseGate && <GatePanel key={phase.id} plan={plan} phaseName={phase.name} gate={phaseGate} beforeChange={saver.flush} onPlan={replacePlan} onJump={jump} />}
              </Tabs.Panel>
              <Tabs.Panel value="missing" pt={6}>
                <Stack gap={2} data-testid="missing-list">
                  {missingAll.length === 0 && (
                    <Text size="xs" c="teal.9">
                      必須の設問はすべて記入済みです。
                    </Text>
                  )}
                  {plan.progress.phases.map((p) =>
                    p.missing.length === 0 ? null : (
                      <Box key={p.phaseId}>
                        <Text size="xs" fw={600} mt={4}>
                          {p.name}
                        </Text>
                        {p.missing.map((m) => (
                          <UnstyledButton key={m.questionId} display="block" onClick={() => jump(m.questionId)} data-testid="missing-item" style={{ fontSize: 'var(--mantine-font-size-xs)' }}>
                            ・{m.sectionTitle}: {m.label}
                          </UnstyledButton>
                        ))}
                      </Box>
                    ),
                  )}
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="history" pt={6}>
                {tab === 'history' && <PlanHistory plan={plan} onJump={jump} />}
              </Tabs.Panel>
            </Tabs>

            <Box mt="md" data-testid="orphan-panel">
              <Text size="xs" fw={600}>
                テンプレートにない回答（{plan.orphans.length}）
              </Text>
              {plan.orphans.length === 0 ? (
                <Text size="xs" c="dimmed">
                  ありません。
                </Text>
              ) : (
                plan.orphans.map((o) => (
                  <Box key={o.questionId} mt={4} p={4} style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 4 }}>
                    <Text size="xs" fw={600}>
                      {o.questionId}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {o.message}
                    </Text>
                    <Text size="xs" style={{ wordBreak: 'break-all' }}>
                      {preview(o.value)}
                    </Text>
                  </Box>
                ))
              )}
            </Box>
            <Text size="xs" c="dimmed" mt="md">
              テンプレートの複製・編集・並べ替えは
              <Text component={Link} to={paths.templates(plan.templateId)} size="xs" c="blue.9" td="underline" data-testid="edit-template-link">
                テンプレートの編集
              </Text>
              で行います。
            </Text>
          </ScrollArea>
        )}
      </Box>
    </Stack>
  );
}
