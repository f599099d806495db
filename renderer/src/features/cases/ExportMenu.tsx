import { Button, Menu } from '@mantine/core';
import { IconChevronDown, IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { ask } from '../../api/query.ts';
import { notifyExported, notifyFailure } from '../../lib/notify.tsx';
import { saveFile } from '../../lib/files.ts';
import { formatCount } from '../../lib/format.ts';

/** 書き出し: all cases as CSV (BOM 付き UTF-8, opens in Excel) or JSON. */
export function ExportMenu() {
  const [busy, setBusy] = useState(false);

  const run = async (format: 'csv' | 'json') => {
    setBusy(true);
    try {
      const out = await ask('cases.export', { format });
      const saved = await saveFile(out);
      // Cancelled in the save dialog: nothing to report.
      notifyExported(out, saved, `${formatCount(out.count)}件`);
    } catch (e) {
      notifyFailure('書き出せませんでした', e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Menu position="bottom-end" withinPortal shadow="sm">
      <Menu.Target>
        <Button
          variant="default"
          data-testid="case-export"
          loading={busy}
          leftSection={<IconDownload size={14} />}
          rightSection={<IconChevronDown size={12} />}
        >
          書き出し
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>すべての事例を書き出す</Menu.Label>
        <Menu.Item data-testid="case-export-csv" onClick={() => void run('csv')}>
          CSV（Excel 向け）
        </Menu.Item>
        <Menu.Item data-testid="case-export-json" onClick={() => void run('json')}>
          JSON
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
