import { SegmentedControl } from '@mantine/core';
import { useNavigate } from 'react-router';

export const PLANS_PATH = '/templates';
export const TEMPLATE_EDITOR_PATH = '/templates/edit';

/** The two views of 計画テンプレート: an engagement's plan, and the templates themselves. */
export function PlansSwitch({ value, templateId }: { value: 'plans' | 'edit'; templateId?: string | null }) {
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
        void navigate(v === 'edit' ? `${TEMPLATE_EDITOR_PATH}${templateId ? `?template=${encodeURIComponent(templateId)}` : ''}` : PLANS_PATH);
      }}
    />
  );
}
