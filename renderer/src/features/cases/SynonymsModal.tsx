import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import { readFresh, write } from '../../api/query.ts';
import { notify } from '../../lib/notify.tsx';
import { Loading } from '../../components/Loading.tsx';
import { SynonymGroupsSchema } from '../../../../shared/domain/case.ts';

/**
 * One group per line, words separated by / (full-width ／ too), checked by the contract's own
 * schema (SynonymGroupsSchema: two words or more, lengths): each problem names its line.
 */
export function parseGroups(text: string): { groups: string[][]; errors: string[] } {
  const groups = text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => [...new Set(line.split(/[/／]/).map((w) => w.trim()).filter(Boolean))]);
  const r = SynonymGroupsSchema.safeParse(groups);
  if (r.success) return { groups, errors: [] };
  const errors = r.error.issues.map((issue) => {
    const line = typeof issue.path[0] === 'number' ? lineOfGroup(text, issue.path[0]) : null;
    return line === null ? issue.message : `${line}行目: ${issue.message}`;
  });
  return { groups, errors: [...new Set(errors)] };
}

export function formatGroups(groups: readonly (readonly string[])[]): string {
  return groups.map((g) => g.join(' / ')).join('\n');
}

/** Where in the text a group index from an error path is (blank lines are skipped). */
function lineOfGroup(text: string, group: number): number | null {
  let n = -1;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').trim() === '') continue;
    n++;
    if (n === group) return i + 1;
  }
  return null;
}

/** 同義語の設定: words the search treats as the same (テレワーク / リモートワーク). */
export function SynonymsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<'loading' | 'ready' | 'saving' | 'error'>('loading');
  const [errors, setErrors] = useState<string[]>([]);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setStatus('loading');
    setErrors([]);
    readFresh('synonyms.list', {})
      .then((r) => {
        if (!live) return;
        setText(formatGroups(r.groups));
        setStatus('ready');
      })
      .catch((e: unknown) => {
        if (!live) return;
        setErrors([errorMessage(e)]);
        setStatus('error');
      });
    return () => {
      live = false;
    };
  }, [opened]);

  const save = async () => {
    const parsed = parseGroups(text);
    if (parsed.errors.length > 0) {
      setErrors(parsed.errors);
      return;
    }
    setStatus('saving');
    setErrors([]);
    try {
      const saved = await write('synonyms.save', { groups: parsed.groups });
      setText(formatGroups(saved.groups));
      setStatus('ready');
      notify({ tone: 'ok', text: '同義語を保存しました' });
      // The same query may now find more: the search is read again (synonyms.save invalidates it).
      onClose();
    } catch (e) {
      const messages: string[] = [];
      if (e instanceof ApiError) {
        for (const issue of e.issues ?? [e]) {
          const path = issue.path ?? [];
          const group = path[0] === 'groups' && typeof path[1] === 'number' ? lineOfGroup(text, path[1]) : null;
          messages.push(group === null ? issue.message : `${group}行目: ${issue.message}`);
        }
      } else {
        messages.push(errorMessage(e));
      }
      setErrors(messages);
      setStatus('ready');
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="同義語の設定" size="md" data-testid="synonyms-modal">
      <Stack gap="sm">
        <Text size="xs" c="dimmed">
          1行に1グループ、語を「/」で区切ります。同じグループの語は、検索で同じものとして扱われます。
        </Text>
        {status === 'loading' ? (
          <Loading />
        ) : (
          <Textarea
            aria-label="同義語のグループ"
            data-testid="synonyms-text"
            placeholder={'テレワーク / リモートワーク / 在宅勤務\n移住 / 定住 / UIJターン'}
            value={text}
            autosize
            minRows={8}
            maxRows={16}
            disabled={status === 'error'}
            styles={{ input: { fontFamily: 'var(--mantine-font-family)' } }}
            onChange={(e) => {
              setText(e.currentTarget.value);
            }}
          />
        )}
        {errors.length > 0 ? (
          <Alert color="red" icon={<IconAlertCircle size={16} />} p="xs" data-testid="synonyms-error">
            {errors.slice(0, 10).map((m, i) => (
              <Text key={i} size="sm">
                {m}
              </Text>
            ))}
          </Alert>
        ) : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            キャンセル
          </Button>
          <Button
            data-testid="synonyms-save"
            loading={status === 'saving'}
            disabled={status === 'loading' || status === 'error'}
            onClick={() => {
              void save();
            }}
          >
            保存
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
