import { useState } from 'preact/hooks';

/**
 * A list edited in place with an "add" form below it (tasks, budget lines): which row is open, and a key that gives
 * the add form a fresh start after each save.
 */
export function useEditableList(reload: () => void) {
  const [editing, setEditing] = useState<number | null>(null);
  const [formKey, setFormKey] = useState(0);
  const saved = () => {
    setEditing(null);
    setFormKey((k) => k + 1);
    reload();
  };
  return { editing, setEditing, formKey, saved };
}
