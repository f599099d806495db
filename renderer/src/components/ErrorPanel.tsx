import { Button, Center, Code, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';

interface ErrorPanelProps {
  message: string;
  /** Fill the whole window (the app-level boundary) instead of the content pane. */
  fullScreen?: boolean;
}

/** What the user sees instead of a white page when something breaks. */
export function ErrorPanel({ message, fullScreen = false }: ErrorPanelProps) {
  return (
    <Center data-testid="error-boundary" role="alert" h={fullScreen ? '100dvh' : '100%'} p="lg">
      <Stack align="center" gap="sm" maw={560}>
        <ThemeIcon variant="light" color="orange" size={44} radius="xl">
          <IconAlertTriangle size={26} stroke={1.6} />
        </ThemeIcon>
        <Title order={2}>問題が発生しました</Title>
        <Text c="dimmed" ta="center">
          画面の表示中にエラーが起きました。保存済みのデータは失われていません。
          再読み込みしても直らない場合は、下の内容を控えて管理者にお知らせください。
        </Text>
        <Code block w="100%" data-testid="error-message" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {message}
        </Code>
        <Button
          size="sm"
          leftSection={<IconRefresh size={16} />}
          onClick={() => {
            window.location.reload();
          }}
        >
          再読み込み
        </Button>
      </Stack>
    </Center>
  );
}

/** Best-effort text for anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return '不明なエラー';
  }
}
