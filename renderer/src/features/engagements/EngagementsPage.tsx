import '../../components/records.css';

import { Box } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Page } from '../../components/Page.tsx';
import { ClientList } from './ClientList.tsx';
import { ClientPane } from './ClientPane.tsx';
import { EngagementPane } from './EngagementPane.tsx';
import { NewClientModal } from './NewClientModal.tsx';
import { paths } from '../../routes.ts';

/**
 * 支援先・案件: clients on the left, the selected client in the middle, the selected engagement
 * on the right. The selection lives in the address (#/engagements?client=…&engagement=…), so
 * ホーム, 支援記録 and 事例ライブラリ can link here.
 */
export function EngagementsPage() {
  const [newOpen, setNewOpen] = useState(false);
  const navigate = useNavigate();


  return (
    <Page name="engagements" title="支援先・案件" subtitle="支援先の情報、案件、上限の使用状況、対象となる事業。入力は自動で保存されます。">
      <Box className="banso-eng-columns">
        <Box component="aside" aria-label="支援先の一覧" className="banso-eng-col-list">
          <ClientList onNew={() => setNewOpen(true)} />
        </Box>
        <Box component="section" aria-label="支援先" className="banso-eng-col banso-eng-scroll">
          <ClientPane />
        </Box>
        <Box component="section" aria-label="案件" className="banso-eng-col banso-eng-scroll banso-eng-col-last">
          <EngagementPane />
        </Box>
      </Box>
      <NewClientModal
        opened={newOpen}
        onClose={() => setNewOpen(false)}
        onCreated={(id) => {
          setNewOpen(false);
          void navigate(paths.engagements({ client: id }));
        }}
      />
    </Page>
  );
}
