import { Button, type ButtonProps, Group, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A button that asks before it acts: for removals and state changes that affect live traffic. */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  children,
  confirmDisabled,
  ...buttonProps
}: ButtonProps & {
  label: string;
  question: string;
  onConfirm: () => void;
  children?: ReactNode;
  confirmDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button {...buttonProps} onClick={open}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={label}>
        <Text mb="md">{question}</Text>
        {children}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={buttonProps.color}
            disabled={confirmDisabled}
            onClick={() => {
              onConfirm();
              close();
            }}
          >
            {t('common.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
