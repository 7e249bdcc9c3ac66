"""The visible parts of sync, one module each: the status-bar indicator and progress bar, the
Sync panel, signing in, the conflict list and the Resolve dialog (with its combined-text editor),
the refused-changes (quarantine) list and the withdrawn-device notice.

Every widget here only shows what the :class:`~hcdesk.ui.sync.SyncController` reports and asks it
to act; nothing here touches the store or the network.
"""
