import { Alert, Button, Code, Group, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect } from 'react';
import { checkHost, useHostState, watchHost } from '../api/host.ts';

/**
 * Browser mode: the host this tab came from stopped or was restarted. Said over every page, in
 * Japanese, with the way back (the screen below may be out of date; nothing typed is sent anywhere).
 */
export function HostBanner() {
  const state = useHostState();
  useEffect(watchHost, []);
  if (state === 'ok') return null;
  const restarted = state === 'restarted';
  return (
    <Alert
      color="red"
      icon={<IconPlugConnectedX size={18} />}
      mx="md"
      mt="sm"
      py={8}
      role="alert"
      data-testid="host-lost"
      data-state={state}
      title={restarted ? 'Bansō が再起動されました。このタブは古いままです' : 'Bansō 本体（ブラウザーモードのホスト）に接続できません'}
      style={{ flex: 'none' }}
    >
      <Text size="sm">
        {restarted
          ? 'このタブは前回の起動のものです。表示されている内容は最新ではなく、変更は保存されません。'
          : 'ターミナルが閉じられたか、Bansō が停止しました。接続が戻るまで、変更は保存されません。'}
        ターミナルで <Code>npm run web</Code> を実行し（動いていれば不要）、表示された <Code>?secret=</Code> 付きの新しい URL を開いてください。
      </Text>
      {!restarted ? (
        <Group mt={6}>
          <Button size="compact-xs" variant="default" onClick={() => void checkHost()} data-testid="host-retry">
            もう一度確かめる
          </Button>
        </Group>
      ) : null}
    </Alert>
  );
}
