import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button that asks before it acts: for removals and state changes that affect live traffic. When
 * `onConfirm` returns a promise (a mutation's `mutateAsync`), the dialog waits for it: it closes once the
 * server agreed and stays open when it refused, so the error shows where the input is (in `children`).
 * `onOpen` runs as the dialog opens: to fill its inputs from what is there now.
 */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  onOpen,
  children,
  confirmDisabled,
  ...buttonProps
}: ButtonProps & {
  label: string;
  question: string;
  onConfirm: () => unknown;
  onOpen?: () => void;
  children?: ReactNode;
  confirmDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      await onConfirm();
      close();
    } catch {
      // The caller shows the error (its mutation's `error`); the dialog stays open to correct the input.
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        {...buttonProps}
        onClick={() => {
          onOpen?.();
          open();
        }}
      >
        {label}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={label}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Text mb="md">{question}</Text>
        {children}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button color={buttonProps.color} disabled={confirmDisabled} loading={busy} onClick={confirm}>
            {t('common.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
