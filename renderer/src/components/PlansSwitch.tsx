import { SegmentedControl } from '@mantine/core';
import { useNavigate } from 'react-router';
import { paths } from '../routes.ts';


/** The two views of 計画テンプレート: an engagement's plan, and the templates themselves. */
export function PlansSwitch({ value, templateId, engagementId }: { value: 'plans' | 'edit'; templateId?: string | null; engagementId?: string | null }) {
  const navigate = useNavigate();
  return (
    <SegmentedControl
      size="xs"
      value={value}
      data-testid="plans-switch"
      aria-label="表示の切り替え"
      data={[
        { value: 'plans', label: '案件の計画' },
        { value: 'edit', label: 'テンプレートの編集' },
      ]}
      onChange={(v) => {
        if (v === value) return;
        void navigate(v === 'edit' ? paths.templates(templateId) : paths.plan(engagementId));
      }}
    />
  );
}
