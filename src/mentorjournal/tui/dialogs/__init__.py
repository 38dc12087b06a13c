"""Modal dialogs: confirmations and small forms, each a ``ModalScreen`` with a typed result."""
