import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconDots, IconTrash } from '@tabler/icons-react';
import { SaveIndicator, type SaveState } from './SaveIndicator.tsx';

/**
 * The actions beside an autosaved record's title: where saving stands, undo of the last
 * save, and a menu with delete. testids: `${prefix}-undo`, `${prefix}-menu`, `${prefix}-delete`.
 */
export function RecordActions(props: {
  prefix: string;
  saveState: SaveState;
  error: string | null;
  undoing: boolean;
  onUndo: () => void;
  deleteLabel: string;
  onDelete: () => void;
  /** Nothing to undo or delete yet (a record that is not saved). */
  disabled?: boolean;
}) {
  const { prefix, disabled = false } = props;
  return (
    <>
      <SaveIndicator state={props.saveState} error={props.error} />
      <Tooltip label="直前の変更を元に戻す">
        <ActionIcon
          variant="subtle"
          color="gray"
          loading={props.undoing}
          disabled={disabled}
          aria-label="直前の変更を元に戻す"
          data-testid={`${prefix}-undo`}
          onClick={props.onUndo}
        >
          <IconArrowBackUp size={16} />
        </ActionIcon>
      </Tooltip>
      <Menu position="bottom-end" withinPortal shadow="sm">
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label="その他の操作" data-testid={`${prefix}-menu`} disabled={disabled}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconTrash size={14} />} color="red" data-testid={`${prefix}-delete`} onClick={props.onDelete}>
            {props.deleteLabel}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
