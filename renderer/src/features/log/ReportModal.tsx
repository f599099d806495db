import { Modal, Select, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { localIsoDate } from '../../../../shared/domain/dates.ts';
import { fiscalYearOf } from '../../../../shared/domain/wareki.ts';
import { errorMessage } from '../../api/client.ts';
import { ask, useContract } from '../../api/query.ts';
import { saveFile } from '../../lib/files.ts';
import { fiscalYearLabel, formatNumber, isProgram, PROGRAM_OPTIONS } from '../../lib/format.ts';
import { notifyExported } from '../../lib/notify.tsx';
import { ModalActions } from '../../components/ModalActions.tsx';

const ALL = '__all__';

/** 年度のCSVを書き出す: the log entries of a fiscal year (BOM 付き UTF-8, 和暦 and 西暦), by program or client. */
export function ReportModal({ opened, onClose, clientId }: { opened: boolean; onClose: () => void; clientId?: string | null }) {
  const current = fiscalYearOf(localIsoDate(new Date()));
  const [year, setYear] = useState(String(current));
  const [program, setProgram] = useState<string>(ALL);
  const [client, setClient] = useState<string>(ALL);
  const clients = useContract('clients.list', {}, { enabled: opened }).data?.items ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setError(null);
    setClient(clientId ?? ALL);
  }, [opened, clientId]);

  const years = useMemo(() => {
    const out: { value: string; label: string }[] = [];
    for (let y = current + 1; y >= current - 6; y--) out.push({ value: String(y), label: fiscalYearLabel(y) });
    return out;
  }, [current]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await ask('reports.logCsv', {
        fiscalYear: Number(year),
        ...(isProgram(program) ? { program } : {}),
        ...(client !== ALL ? { clientId: client } : {}),
      });
      const saved = await saveFile(out);
      // Cancelled in the save dialog: the modal stays open for another try.
      if (!notifyExported(out, saved, `${formatNumber(out.count)}件`)) return;
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="年度のCSVを書き出す" size="md" centered data-testid="report-modal">
      <Stack gap={10}>
        <Select
          label="年度"
          data={years}
          value={year}
          allowDeselect={false}
          data-testid="report-fy"
          onChange={(v) => {
            if (v) setYear(v);
          }}
        />
        <Select
          label="事業"
          data={[{ value: ALL, label: 'すべての事業' }, ...PROGRAM_OPTIONS]}
          value={program}
          allowDeselect={false}
          data-testid="report-program"
          onChange={(v) => setProgram(v ?? ALL)}
        />
        <Select
          label="支援先"
          data={[{ value: ALL, label: 'すべての支援先' }, ...clients.map((c) => ({ value: c.id, label: `${c.name}（${c.prefecture}）` }))]}
          value={client}
          searchable
          allowDeselect={false}
          data-testid="report-client"
          onChange={(v) => setClient(v ?? ALL)}
        />
        <Text size="xs" c="dimmed">
          4月1日〜翌年3月31日の支援記録を、Excel で開ける CSV（BOM 付き UTF-8）で書き出します。日付は和暦と西暦の両方が入ります。
        </Text>
        <ModalActions general={error} busy={busy} onCancel={onClose} submitLabel="書き出す" submitTestId="report-export" submitIcon={<IconDownload size={14} />} onSubmit={() => void run()} />
      </Stack>
    </Modal>
  );
}
