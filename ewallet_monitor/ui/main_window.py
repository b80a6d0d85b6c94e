"""The main window in two layouts (:mod:`ewallet_monitor.ui.window_layout`): *Operator* —
the event log in the centre, channels and the connection form on the left, the cashier's
queue on the right, the live chart below — and *Cashier* — the Approvals panel fills the
window, the rest hidden until the View menu brings it back. Health is in the status bar.

Collaborators come in through the constructor (the composition root is
:mod:`ewallet_monitor.app.gui`). The window only wires signals; the controller acts.
With a ``store`` it offers File → History… and File → Export… (both read the store on
pool threads); with a ``profile_book`` the connection form has named profiles, File →
Import/Export profiles…, and :meth:`MainWindow.restore_last_profile` brings the last one
back.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ewallet_monitor.i18n import formatted_amount_on_screen
from ewallet_monitor.models.approval_list import spoken_countdown
from ewallet_monitor.models.channel_tree import ChannelTreeModel
from ewallet_monitor.models.event_log import EventLogModel
from ewallet_monitor.models.rates import RateCounter
from ewallet_monitor.protocol.auth import AuthScheme
from ewallet_monitor.protocol.errors import CREDENTIALS_STOPPED_WORKING
from ewallet_monitor.protocol.events import ConnectionState, ConnectionStateChanged
from ewallet_monitor.settings import keys
from ewallet_monitor.settings.keys import Settings
from ewallet_monitor.settings.profiles import ProfileBook, ProfileError
from ewallet_monitor.ui import colors
from ewallet_monitor.ui.about import show_about
from ewallet_monitor.ui.accessibility import (
    announce,
    chain_in_order,
    is_tab_stop,
    let_tab_leave_views,
    name_controls,
)
from ewallet_monitor.ui.approval_queue_view import ApprovalQueueView
from ewallet_monitor.ui.channel_tree_view import ChannelTreeView
from ewallet_monitor.ui.collaborators import CrashDetails, WindowController, WindowStore
from ewallet_monitor.ui.connection_form import ConnectionForm, ConnectionRequest
from ewallet_monitor.ui.desks_indicator import DesksIndicator
from ewallet_monitor.ui.error_details import ErrorBanner, explain_connection
from ewallet_monitor.ui.event_log_view import EventLogView
from ewallet_monitor.ui.live_chart import LiveChart
from ewallet_monitor.ui.notifications import OUTCOME_TEXT, Notifier, pulse
from ewallet_monitor.ui.operator_tools import OperatorTools
from ewallet_monitor.ui.status_bar import MonitorStatusBar
from ewallet_monitor.ui.theme import card_colors, is_dark_mode, watch_color_scheme
from ewallet_monitor.ui.window_layout import (
    PREFERRED_SIZE,
    WindowLayout,
    dock_state_setting,
    fits,
    layout_setting,
    placed_inside,
    profile_key,
)

if TYPE_CHECKING:  # opened on demand: the first paint shows neither
    from ewallet_monitor.ui.export_dialog import ExportDialog
    from ewallet_monitor.ui.history_view import HistoryDialog

APPROVE_KEYS = (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter"))
REJECT_KEYS = (QKeySequence("Ctrl+Backspace"),)


class MainWindow(QMainWindow):
    """The assembled window. ``closed`` fires once the window has closed (after saving
    its state), so the composition root can stop the engine and end the loop."""

    closed = Signal()

    def __init__(
        self,
        controller: WindowController,
        event_log: EventLogModel,
        channel_tree: ChannelTreeModel,
        rates: RateCounter,
        settings: Settings,
        *,
        demo_mode: str | None = None,
        icon: QIcon | None = None,
        store: WindowStore | None = None,
        profile_book: ProfileBook | None = None,
        data_note: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.store = store
        self.profile_book = profile_book
        self.history_dialog: HistoryDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.controller = controller
        self.queue = controller.approval_queue
        self.event_log = event_log
        self.channel_tree = channel_tree
        self.rates = rates
        self.settings = settings
        self.demo_mode = demo_mode
        self._closed_once = False
        self._quit_confirmed = False
        self.quit_dialog: QMessageBox | None = None
        self.desks_indicator: DesksIndicator | None = None
        self.take_over_dialog: QInputDialog | None = None
        self._unclaimed: dict[str, str] = {}
        self._unclaimed_wired = False
        # The demo server's URL: the demo badge and banner go once the window connects
        # anywhere else.
        self._demo_url: str | None = None
        title = self.tr("eWallet monitor")
        if demo_mode:
            title = self.tr("eWallet monitor — demo ({mode})").format(mode=demo_mode)
        self.setWindowTitle(title)
        if icon is not None:
            self.setWindowIcon(icon)

        # Centre: banners over the event log.
        banner = self.tr("Demo server — the credentials are public and every payment is simulated.")
        if data_note:
            banner += f"\n{data_note}"
        self.demo_banner = QLabel(banner)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Wrapped, so the banner never sets the window's width.
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setVisible(bool(demo_mode))
        self.error_banner = ErrorBanner()
        self.event_log_view = EventLogView(event_log)
        # The centre shows the event log (Operator) or the Approvals panel (Cashier).
        self.workspace = QStackedWidget()
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.demo_banner)
        central_layout.addWidget(self.error_banner)
        central_layout.addWidget(self.workspace, 1)
        self.setCentralWidget(central)

        # Docks.
        self.channel_view = ChannelTreeView(channel_tree)
        self.queue_view = ApprovalQueueView(self.queue, guard=controller.cashier.guard)
        self.connection_form = ConnectionForm()
        if profile_book is not None:
            self.connection_form.set_profile_book(profile_book)
        self.live_chart = LiveChart()
        self.channels_dock = self._dock(self.tr("Channels"), "channelsDock", self.channel_view)
        # Scrollable: with the profile rows the form is taller than a small window.
        self.connection_scroll = QScrollArea()
        self.connection_scroll.setWidgetResizable(True)
        self.connection_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a Tab stop of its own: it scrolls to whichever field Tab reaches.
        self.connection_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.connection_scroll.setWidget(self.connection_form)
        self.connection_dock = self._dock(
            self.tr("Connection"), "connectionDock", self.connection_scroll
        )
        self.queue_dock = self._dock(self.tr("Approvals"), "approvalsDock", self.queue_view)
        self.chart_dock = self._dock(self.tr("Live chart"), "chartDock", self.live_chart)
        # Holds the event log while the Approvals panel is in the centre (Cashier).
        self.events_dock = self._dock(self.tr("Event log"), "eventsDock", QWidget())
        self.workspace.addWidget(self.event_log_view)
        self._place_docks_as_operator()
        self.events_dock.hide()
        self._sized_docks = False
        self.window_layout = WindowLayout.OPERATOR
        self._layout_key = profile_key("", demo_mode)

        self.status = MonitorStatusBar()
        self.status.set_demo(bool(demo_mode))
        self.setStatusBar(self.status)

        # The composition root opens the bus after the first paint (start_desktop).
        self.notifier = Notifier(self, icon, muted=settings.get(keys.MUTED), defer_desktop=True)
        self.notifier.open_requested.connect(self.open_card)
        self.notifier.pulse_requested.connect(self._pulse_card)
        for show_problem in (self.queue_view.set_sound_problem, self.status.set_sound_problem):
            self.notifier.sound_problem_changed.connect(show_problem)
            show_problem(self.notifier.sound_problem)
        self.queue.clock_ticked.connect(self._on_notifier_clock)
        self._outcomes_said: dict[str, str] = {}
        self.queue.card_removed.connect(lambda cid: self._outcomes_said.pop(cid, None))
        self._build_menus()
        self.tools = OperatorTools(self)
        self._wire()
        self._load_settings()
        self.apply_theme()
        watch_color_scheme(self.apply_theme)
        self._name_views()

        self._rate_timer = QTimer(self)
        self._rate_timer.setInterval(1000)
        self._rate_timer.timeout.connect(self._on_rate_tick)
        self._rate_timer.start()

    # -- construction ------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def _action(
        self,
        text: str,
        slot: object,
        shortcuts: tuple[QKeySequence, ...] | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcuts, tuple):
            action.setShortcuts(list(shortcuts))
        elif shortcuts is not None:
            action.setShortcut(QKeySequence(shortcuts))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        self.connect_action = self._action(
            self.tr("&Connect…"),
            self.show_connection_form,
            "Ctrl+K",
            self.tr("Open the connection form"),
        )
        self.disconnect_action = self._action(
            self.tr("&Disconnect"),
            self.controller.stop,
            "Ctrl+Shift+D",
            self.tr("Close the connection"),
        )
        self.disconnect_action.setEnabled(False)
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        for action in (self.connect_action, self.disconnect_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.history_action = self._action(
            self.tr("&History…"),
            self.show_history,
            "Ctrl+Shift+F",
            self.tr("Search every stored event"),
        )
        self.export_action = self._action(
            self.tr("&Export…"),
            self.show_export,
            "Ctrl+E",
            self.tr("Export stored events or the audit trail"),
        )
        for action in (self.history_action, self.export_action):
            action.setEnabled(self.store is not None)
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.import_profiles_action = self._action(
            self.tr("&Import profiles…"),
            self._choose_profiles_to_import,
            None,
            self.tr("Add connection profiles from a JSON file (secrets are never in it)"),
        )
        self.export_profiles_action = self._action(
            self.tr("Export &profiles…"),
            self._choose_profiles_export_file,
            None,
            self.tr("Write the connection profiles to a JSON file, without secrets"),
        )
        for action in (self.import_profiles_action, self.export_profiles_action):
            action.setEnabled(self.profile_book is not None)
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        approvals = menu.addMenu(self.tr("&Approvals"))
        self.approve_action = self._action(
            self.tr("&Approve selected"),
            lambda: self.queue_view.request_on_current("approve"),
            APPROVE_KEYS,
            self.tr("Approve the selected payment (or the first waiting)"),
        )
        self.reject_action = self._action(
            self.tr("&Reject selected"),
            lambda: self.queue_view.request_on_current("reject"),
            REJECT_KEYS,
            self.tr("Reject the selected payment (or the first waiting)"),
        )
        self.focus_queue_action = self._action(
            self.tr("&Go to the most urgent payment"),
            self.focus_queue,
            "Ctrl+1",
            self.tr(
                "The most urgent payment out of view comes into focus; then A approves, R rejects"
            ),
        )
        self.mute_action = self._action(self.tr("&Mute notifications"), self._toggle_mute, "Ctrl+M")
        self.mute_action.setCheckable(True)
        self.clear_settled_action = self._action(
            self.tr("Move settled cards to &history"), self.queue.clear_settled, "Ctrl+Shift+H"
        )
        for action in (
            self.approve_action,
            self.reject_action,
            self.focus_queue_action,
            self.mute_action,
            self.clear_settled_action,
        ):
            approvals.addAction(action)

        view = menu.addMenu(self.tr("&View"))
        self.layout_actions: dict[WindowLayout, QAction] = {}
        group = QActionGroup(self)
        for layout, text, key, tip in (
            (
                WindowLayout.CASHIER,
                self.tr("&Cashier layout"),
                "Ctrl+Shift+C",
                self.tr("Payments first; the rest hidden"),
            ),
            (
                WindowLayout.OPERATOR,
                self.tr("&Operator layout"),
                "Ctrl+Shift+O",
                self.tr("The event log with every panel"),
            ),
        ):
            action = self._action(text, lambda _on=False, lay=layout: self.set_layout(lay), key)
            action.setStatusTip(tip)
            action.setCheckable(True)
            group.addAction(action)
            view.addAction(action)
            self.layout_actions[layout] = action
        self.layout_actions[WindowLayout.OPERATOR].setChecked(True)
        view.addSeparator()
        for dock, key, text in (
            (self.connection_dock, "Ctrl+Shift+1", self.tr("Co&nnection")),
            (self.channels_dock, "Ctrl+Shift+2", self.tr("Channe&ls")),
            (self.queue_dock, "Ctrl+Shift+3", self.tr("A&pprovals")),
            (self.chart_dock, "Ctrl+Shift+4", self.tr("Live char&t")),
            (self.events_dock, "Ctrl+Shift+5", self.tr("&Event log")),
        ):
            toggle = dock.toggleViewAction()
            toggle.setShortcut(QKeySequence(key))
            toggle.setText(text)  # the dock's title, with a mnemonic for the menu
            self.addAction(toggle)
            view.addAction(toggle)
        self.events_dock.toggleViewAction().setVisible(False)
        view.addSeparator()
        self.heartbeats_action = self._action(
            self.tr("Show &heartbeats and replies"),
            self._on_show_heartbeats,
            "Ctrl+H",
            self.tr("Show protocol housekeeping rows in the event log"),
        )
        self.heartbeats_action.setCheckable(True)
        view.addAction(self.heartbeats_action)
        self.find_action = self._action(
            self.tr("&Filter events"),
            self.focus_event_filter,
            QKeySequence.StandardKey.Find,
        )
        self.focus_events_action = self._action(
            self.tr("&Go to the event log"),
            self.focus_event_table,
            "Ctrl+2",
            self.tr("The keyboard goes to the events table (the detail pane follows the arrows)"),
        )
        self.follow_action = self._action(
            self.tr("Follo&w the newest events"), self.event_log_view.jump_to_tail, "Ctrl+End"
        )
        view.addAction(self.find_action)
        view.addAction(self.focus_events_action)
        view.addAction(self.follow_action)

        help_menu = menu.addMenu(self.tr("&Help"))
        self.about_action = self._action(self.tr("&About"), lambda: show_about(self), "F1")
        help_menu.addAction(self.about_action)

    def _wire(self) -> None:
        controller = self.controller
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.heartbeat_measured.connect(self.status.set_rtt)
        cashier = controller.cashier
        cashier.consumption_requested.connect(self._on_controller_consumption_requested)
        cashier.consumption_finalized.connect(self._on_controller_consumption_finalized)
        controller.error_reported.connect(self.show_error)
        cashier.action_warned.connect(lambda _cid, text: self.status.showMessage(text, 10000))
        cashier.decision_refused.connect(lambda _cid, text: self.status.showMessage(text, 5000))
        cashier.decision_refused.connect(self._show_refusal_on_card)
        # Claims (a shared store): who decides where, taking over, acting unclaimed.
        cashier.claim_noted.connect(self.queue_view.set_claim_note)
        cashier.claim_unavailable.connect(self._ask_unclaimed)
        self.queue_view.take_over_requested.connect(self.ask_take_over)
        controller.run_finished.connect(self._on_controller_run_finished)
        controller.kind_sinks.extend([self.live_chart.record, self.rates.record])
        self.queue.pending_count_changed.connect(self._on_pending_count_changed)
        self.queue_view.action_requested.connect(self._on_queue_action_requested)
        self.queue_view.decision_refused.connect(
            lambda _cid, text: self.status.showMessage(text, 5000)
        )
        self.queue_view.muted_toggled.connect(self._set_muted)
        self.queue_view.threshold_changed.connect(
            lambda text: self.settings.set(keys.CONFIRM_ABOVE_BY_TOKEN, text)
        )
        self.event_log_view.consumption_action_requested.connect(self._on_event_log_action)
        self.event_log_view.join_topics_requested.connect(self._join_topics)
        self.channel_view.join_requested.connect(controller.join)
        self.channel_view.leave_requested.connect(controller.leave)
        self.channel_view.rejoin_requested.connect(controller.rejoin)
        self.connection_form.connect_requested.connect(self.connect_with)
        self.connection_form.profile_selected.connect(self._on_profile_selected)
        self.connection_form.disconnect_requested.connect(controller.stop)
        self.error_banner.dismissed.connect(lambda: None)

    # -- settings ------------------------------------------------------------------------------

    def _load_settings(self) -> None:
        settings = self.settings
        self._enter_layout(self._remembered_layout(self._layout_key, cashier_desk=False))
        self._restore_geometry()
        muted = settings.get(keys.MUTED)
        self.queue_view.set_muted(muted)
        self.mute_action.setChecked(muted)
        self.queue_view.set_threshold(settings.get(keys.CONFIRM_ABOVE))
        self.queue_view.set_token_thresholds(settings.get(keys.CONFIRM_ABOVE_BY_TOKEN))
        show = settings.get(keys.SHOW_HEARTBEATS)
        self.heartbeats_action.setChecked(show)
        self.event_log_view.set_show_control_frames(show)
        if not self.demo_mode and settings.has_last_connection:
            try:
                scheme = AuthScheme.parse(settings.get(keys.LAST_SCHEME))
            except ValueError:
                scheme = AuthScheme.OMG_CLIENT
            self.connection_form.set_values(
                url=settings.get(keys.LAST_URL),
                scheme=scheme,
                key=settings.get(keys.LAST_KEY),
                auth_in_query=settings.get(keys.LAST_AUTH_IN_QUERY),
                verify_tls=settings.get(keys.LAST_VERIFY_TLS),
                cafile=settings.get(keys.LAST_CAFILE),
                heartbeat_interval=settings.get(keys.LAST_HEARTBEAT),
                topics=settings.get(keys.LAST_TOPICS).splitlines(),
            )

    def save_settings(self) -> None:
        self.settings.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self._save_layout()
        self.settings.sync()

    # -- layouts ---------------------------------------------------------------------------------

    def set_layout(self, layout: WindowLayout) -> None:
        """Switch to ``layout``, keeping the one left (and its docks) for this profile."""
        if layout is self.window_layout:
            self.layout_actions[layout].setChecked(True)
            return
        self._save_layout()
        self._enter_layout(layout)
        self.settings.set(layout_setting(self._layout_key), layout.value)

    def _remembered_layout(self, key: str, *, cashier_desk: bool) -> WindowLayout:
        chosen = WindowLayout.parse(self.settings.get(layout_setting(key)))
        if chosen is not None:
            return chosen
        if cashier_desk or self.demo_mode == "cashier":
            return WindowLayout.CASHIER
        return WindowLayout.OPERATOR

    def _save_layout(self) -> None:
        key = self._layout_key
        self.settings.set(layout_setting(key), self.window_layout.value)
        self.settings.set(dock_state_setting(key, self.window_layout), self.saveState())

    def _enter_layout(self, layout: WindowLayout) -> None:
        self.window_layout = layout
        self.layout_actions[layout].setChecked(True)
        if layout is WindowLayout.CASHIER:
            self._move_to_centre(self.queue_view, self.queue_dock)
            self._move_to_dock(self.event_log_view, self.events_dock)
        else:
            self._move_to_centre(self.event_log_view, self.events_dock)
            self._move_to_dock(self.queue_view, self.queue_dock)
        state = self.settings.get(dock_state_setting(self._layout_key, layout))
        if state.isEmpty() or not self.restoreState(state):
            self._default_docks(layout)
        # The panel in the centre has no dock: its toggle would show an empty one.
        central_dock = self.queue_dock if layout is WindowLayout.CASHIER else self.events_dock
        central_dock.hide()
        central_dock.toggleViewAction().setVisible(False)
        other = self.events_dock if layout is WindowLayout.CASHIER else self.queue_dock
        other.toggleViewAction().setVisible(True)
        self._chain_panels()

    def _chain_panels(self) -> None:
        """Tab reads the panels as columns: the left docks, the centre and what is under
        it, then the right dock (by default Qt follows the order the widgets were made)."""
        central = self.centralWidget()
        assert central is not None  # set in the constructor
        chain_in_order(
            self.connection_dock,
            self.channels_dock,
            central,
            self.events_dock,
            self.chart_dock,
            self.tools.anomalies_dock,
            self.queue_dock,
        )

    def _move_to_centre(self, widget: QWidget, dock: QDockWidget) -> None:
        if self.workspace.indexOf(widget) < 0:
            dock.setWidget(QWidget())
            self.workspace.addWidget(widget)
        self.workspace.setCurrentWidget(widget)

    def _move_to_dock(self, widget: QWidget, dock: QDockWidget) -> None:
        if dock.widget() is widget:
            return
        if self.workspace.indexOf(widget) >= 0:
            self.workspace.removeWidget(widget)
        placeholder = dock.widget()
        dock.setWidget(widget)
        if placeholder is not None:
            placeholder.deleteLater()

    def _place_docks_as_operator(self) -> None:
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        # The side docks run the full height; the chart sits under the event log only, so
        # the Approvals panel keeps its height for the cards.
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(left, self.connection_dock)
        self.addDockWidget(left, self.channels_dock)
        self.tabifyDockWidget(self.connection_dock, self.channels_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.queue_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.chart_dock)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.events_dock)

    def _default_docks(self, layout: WindowLayout) -> None:
        self._place_docks_as_operator()
        if layout is WindowLayout.CASHIER:
            for dock in (
                self.connection_dock,
                self.channels_dock,
                self.chart_dock,
                self.events_dock,
            ):
                dock.hide()
        else:
            for dock in (
                self.connection_dock,
                self.channels_dock,
                self.queue_dock,
                self.chart_dock,
            ):
                dock.show()
            self.connection_dock.raise_()
        self._sized_docks = False
        if self.isVisible():
            QTimer.singleShot(0, self, self._default_dock_sizes)

    def _on_profile_selected(self, name: str) -> None:
        """Each profile opens in its own layout (a cashier desk's in Cashier)."""
        key = profile_key(name, self.demo_mode)
        if key == self._layout_key:
            return
        self._save_layout()
        self._layout_key = key
        profile = self.profile_book.load(name) if self.profile_book and name else None
        layout = self._remembered_layout(
            key, cashier_desk=profile is not None and profile.cashier_desk
        )
        # Entered again even when the same layout: this profile's docks are its own.
        self._enter_layout(layout)

    def _restore_geometry(self) -> None:
        """The saved geometry when it still fits the screen, else the layout's preferred
        size cut down to the screen's available area."""
        screen = self.screen()
        available = screen.availableGeometry() if screen is not None else None
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        restored = not geometry.isEmpty() and self.restoreGeometry(geometry)
        if restored and (available is None or fits(self.frameGeometry(), available)):
            return
        preferred = PREFERRED_SIZE[self.window_layout]
        if available is None:
            self.resize(preferred)
            return
        self.setGeometry(placed_inside(preferred, available))

    def _remember_connection(self, request: ConnectionRequest) -> None:
        if self.demo_mode:
            return  # demo credentials are not the user's last connection
        self.connection_form.remember_request(request)
        settings = self.settings
        settings.set(keys.LAST_URL, request.url)
        settings.set(keys.LAST_SCHEME, request.credentials.scheme.value)
        settings.set(keys.LAST_KEY, request.credentials.key)
        settings.set(keys.LAST_AUTH_IN_QUERY, request.auth_in_query)
        settings.set(keys.LAST_VERIFY_TLS, request.verify_tls)
        settings.set(keys.LAST_CAFILE, request.cafile or "")
        settings.set(keys.LAST_HEARTBEAT, request.heartbeat_interval)
        settings.set(keys.LAST_TOPICS, "\n".join(request.topics))

    # -- actions --------------------------------------------------------------------------------

    def connect_with(self, request: ConnectionRequest) -> bool:
        """Start a connection from the form's checked values."""
        self.error_banner.hide()
        self._remember_connection(request)
        self._follow_demo_server(request.url)
        self.controller.cashier.profile_name = (
            f"demo ({self.demo_mode})" if self.demo_mode else self.connection_form.current_profile
        )
        self.status.set_insecure(not request.verify_tls)
        started: bool = self.controller.connect_to(
            request.url,
            request.credentials,
            request.topics,
            auth_in_query=request.auth_in_query,
            cafile=request.cafile,
            insecure=not request.verify_tls,
            heartbeat_interval=request.heartbeat_interval,
        )
        if started:
            self.connection_form.set_running(True)
            self.disconnect_action.setEnabled(True)
            if request.topics:
                self.channels_dock.raise_()
        return started

    def _follow_demo_server(self, url: str) -> None:
        """The demo's first connection is the demo server; connecting anywhere else ends
        the demo's badge and banner (they would claim the new server is simulated)."""
        if not self.demo_mode:
            return
        if self._demo_url is None:
            self._demo_url = url
        on_demo = url == self._demo_url
        self.demo_banner.setVisible(on_demo)
        self.status.set_demo(on_demo)

    def restore_last_profile(self) -> bool:
        """Fill the form with the last profile; connect at once when its secret came from
        the keyring (True), else show the form with the cursor in the secret field."""
        book = self.profile_book
        if self.demo_mode or book is None:
            return False
        name = book.last_profile
        if not name:
            return False
        form = self.connection_form
        if form.select_profile(name):
            request = form.validate()
            if request is not None and (request.endpoints.is_loopback or request.endpoints.is_tls):
                return self.connect_with(request)
        self.show_connection_form()
        form.focus_secret()
        return False

    # -- history, export, profiles ---------------------------------------------------------------

    def show_history(self) -> HistoryDialog | None:
        """Open the History window (the newest stored events the first time)."""
        if self.store is None:
            return None
        first = self.history_dialog is None
        if self.history_dialog is None:
            from ewallet_monitor.ui.history_view import HistoryDialog

            self.history_dialog = HistoryDialog(self.store, self)
            self.history_dialog.view.query_bar.set_book(self.event_log_view.query_bar.book)
            self.tools.colour(self.history_dialog.view.model)
        dialog = self.history_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        if first:
            dialog.view.search()
        return dialog

    def show_export(self) -> ExportDialog | None:
        """Open File → Export… (offering the History window's current search)."""
        if self.store is None:
            return None
        if self.export_dialog is None:
            from ewallet_monitor.ui.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self.store, self)
            self.export_dialog.export_finished.connect(self._on_export_finished)
        history = self.history_dialog
        self.export_dialog.set_history_filter(history.view.shown_filter if history else None)
        self.export_dialog.show()
        self.export_dialog.raise_()
        return self.export_dialog

    def _on_export_finished(self, ok: bool, message: str) -> None:
        self.status.showMessage(message, 15000)
        if not ok:
            self.show_error(message)

    def import_profiles(self, path: Path) -> list[str]:
        """Add the profiles of a JSON file; the outcome is shown in the status bar."""
        if self.profile_book is None:
            return []
        try:
            added = self.profile_book.import_json(path)
        except (OSError, ProfileError) as exc:
            self.show_error(
                self.tr("The profiles in {file} could not be imported.").format(file=path.name),
                str(exc),
            )
            return []
        self.connection_form.refresh_profiles()
        self.status.showMessage(
            self.tr("Imported %n profile(s) from {path}", "", len(added)).format(path=path), 15000
        )
        return added

    def export_profiles(self, path: Path) -> int:
        """Write every profile (no secret) to a JSON file; returns how many."""
        if self.profile_book is None:
            return 0
        try:
            count = self.profile_book.export_json(path)
        except OSError as exc:
            self.show_error(
                self.tr("The profiles could not be written to {path}.").format(path=path), str(exc)
            )
            return 0
        self.status.showMessage(
            self.tr("Exported %n profile(s) to {path} (no secrets)", "", count).format(path=path),
            15000,
        )
        return count

    def _choose_profiles_to_import(self) -> None:
        dialog = QFileDialog(self, self.tr("Import profiles"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Profiles (*.json)"), self.tr("All files (*)")])
        dialog.fileSelected.connect(lambda name: self.import_profiles(Path(name)))
        dialog.open()  # not exec(): a nested loop would stall the asyncio side

    def _choose_profiles_export_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Export profiles"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("Profiles (*.json)")])
        dialog.selectFile("ewallet-monitor-profiles.json")
        dialog.fileSelected.connect(lambda name: self.export_profiles(Path(name)))
        dialog.open()

    def show_connection_form(self) -> None:
        self.connection_dock.show()
        self.connection_dock.raise_()
        self.connection_form.url_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def reveal_queue(self) -> None:
        """Bring the Approvals panel into view (it is always in view in Cashier)."""
        if self.window_layout is WindowLayout.OPERATOR:
            self.queue_dock.show()
            self.queue_dock.raise_()

    def reveal_event_log(self) -> None:
        """Bring the event log into view (in Cashier it is a dock, hidden by default)."""
        if self.window_layout is WindowLayout.CASHIER:
            self.events_dock.show()
            self.events_dock.raise_()

    def focus_event_filter(self) -> None:
        self.reveal_event_log()
        self.event_log_view.focus_filter()

    def focus_event_table(self) -> None:
        self.reveal_event_log()
        self.event_log_view.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_queue(self) -> None:
        self.reveal_queue()
        self.queue_view.jump_to_urgent()

    def show_error(self, summary: str, detail: str = "") -> None:
        """The one place errors from the engine and tasks are shown: a non-modal banner."""
        self.error_banner.show_error(summary, detail)

    def show_crash(self, report: CrashDetails) -> None:
        """An unexpected exception (an ``app.crash.CrashReport``, already redacted): the
        same non-modal banner, the traceback and the log file under Details. The window
        carries on; nothing is retried or closed."""
        detail = str(report.details)
        if report.log_file is not None:
            written = self.tr("Written to the log file {path}").format(path=report.log_file)
            detail = f"{written}\n\n{detail}"
        self.error_banner.show_error(
            self.tr(
                "Unexpected error ({source}): {summary} — the monitor keeps "
                "running; Details has the report for support."
            ).format(source=report.source, summary=report.summary),
            detail,
        )

    def apply_theme(self) -> None:
        dark = is_dark_mode()
        palette = card_colors(dark)
        self.demo_banner.setStyleSheet(
            f"background: {palette['demo_bg']}; color: {palette['demo_fg']};"
            " font-weight: bold; padding: 6px;"
        )
        self.event_log.set_row_styles(colors.event_row_styles(dark), colors.problem_row_style(dark))
        self.error_banner.apply_theme()
        self.status.apply_theme()
        self.queue_view.apply_theme()
        self.connection_form.apply_theme()

    # -- handlers --------------------------------------------------------------------------------

    def _on_controller_status_changed(self, event: ConnectionStateChanged) -> None:
        self.status.set_connection(event)
        live = event.state is ConnectionState.CONNECTED
        self.queue_view.set_live(live)
        if event.state is ConnectionState.REFUSED:
            summary = explain_connection(event.code, event.detail)
            detail = f"{event.code or ''} {event.detail}".strip()
            self.connection_form.show_connection_error(summary, detail)
            self.show_error(summary, detail)
            self.show_connection_form()
            if event.code == CREDENTIALS_STOPPED_WORKING:
                # Accepted earlier, refused now: the token expired; ask for a new one.
                self.connection_form.focus_secret()
        elif live:
            self.error_banner.hide()

    def _on_controller_run_finished(self, outcome: object) -> None:
        self.connection_form.set_running(False)
        self.disconnect_action.setEnabled(False)
        self.queue_view.set_live(False)
        last = self.controller.last_status
        if last is None or last.state is not ConnectionState.REFUSED:
            self.status.set_offline()
        reason = getattr(outcome, "reason", None)
        if reason is not None and getattr(reason, "value", "") == "retries_exhausted":
            detail = getattr(outcome, "detail", "")
            summary = explain_connection(getattr(outcome, "code", None), detail)
            self.show_error(summary, detail)

    def _on_controller_consumption_requested(self, consumption_id: str) -> None:
        card = self.queue.card(consumption_id)
        if card is None:
            return
        consumption = card.consumption
        self.notifier.payment_arrived(
            consumption_id,
            formatted_amount_on_screen(consumption.formatted_amount()),
            consumption.consumer_name,
            self.queue.seconds_left(consumption_id),
        )
        # Said by a screen reader wherever the focus is (the card itself is not).
        announce(
            self.queue_view,
            self.tr("Payment of {amount} from {customer} waiting, {countdown}").format(
                amount=formatted_amount_on_screen(consumption.formatted_amount()),
                customer=consumption.consumer_name,
                countdown=spoken_countdown(self.queue.seconds_left(consumption_id)),
            ),
            assertive=True,
        )

    def _on_controller_consumption_finalized(self, consumption_id: str, state: str) -> None:
        self.notifier.payment_settled(consumption_id, state)
        card = self.queue.card(consumption_id)
        # Once per payment (a finalized event comes on each of its topics).
        if card is not None and consumption_id not in self._outcomes_said:
            self._outcomes_said[consumption_id] = state
            outcome = (
                QCoreApplication.translate("Notifier", OUTCOME_TEXT[state])
                if state in OUTCOME_TEXT
                else state.capitalize()
            )
            announce(
                self.queue_view,
                self.tr("{outcome}: {amount} from {customer}").format(
                    outcome=outcome,
                    amount=formatted_amount_on_screen(card.consumption.formatted_amount()),
                    customer=card.consumption.consumer_name,
                ),
            )

    def _on_notifier_clock(self) -> None:
        for consumption_id in self.notifier.tracked():
            self.notifier.countdown(consumption_id, self.queue.seconds_left(consumption_id))

    def _name_views(self) -> None:
        """Names and descriptions a screen reader announces for the big views."""
        views = (
            (
                self.event_log_view.table,
                self.tr("Events"),
                self.tr("Every frame received, oldest first"),
            ),
            (
                self.event_log_view.detail.tree,
                self.tr("Frame as a tree"),
                self.tr("The selected frame's JSON"),
            ),
            (
                self.event_log_view.detail.text,
                self.tr("Frame text"),
                self.tr("The selected frame as text"),
            ),
            (
                self.channel_view.tree,
                self.tr("Channels"),
                self.tr("Joined channels and their state"),
            ),
            (self.queue_view.list_view, self.tr("Payments waiting"), self.tr("Most urgent first")),
            (self.queue_view.history_view, self.tr("Decided payments"), self.tr("Newest first")),
        )
        for view, name, description in views:
            view.setAccessibleName(name)
            view.setAccessibleDescription(description)
        name_controls(self)
        let_tab_leave_views(self)

    def open_card(self, consumption_id: str) -> None:
        """Bring the window to the front on that payment's card (a notification's Open)."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.reveal_queue()
        self.queue_view.select(consumption_id)

    def _pulse_card(self, consumption_id: str) -> None:
        # Where the eyes should go: the payment's card, else the list it waits in. A payment
        # settled and off screen leaves nothing to look at (no pulse over the whole queue).
        widget: QWidget | None = self.queue_view.card_widget(consumption_id)
        if widget is None and self.queue_view.has_card(consumption_id):
            widget = self.queue_view.list_view
        if widget is not None:
            pulse(widget)

    def _on_queue_action_requested(self, consumption_id: str, action: str) -> None:
        unclaimed = self._unclaimed.pop(consumption_id, None) == action
        self.controller.cashier.decide(consumption_id, action, unclaimed=unclaimed)

    # -- desks and claims (a shared store) ------------------------------------------------------

    def show_desks(self, own_desk_id: str, own_name: str) -> DesksIndicator:
        """The other desks' indicator in the status bar (a shared store)."""
        if self.desks_indicator is None:
            self.desks_indicator = DesksIndicator(own_desk_id, own_name, self)
            self.status.addPermanentWidget(self.desks_indicator)
            self.setWindowTitle(f"{self.windowTitle()} — {own_name}")
        return self.desks_indicator

    def _show_refusal_on_card(self, consumption_id: str, text: str) -> None:
        widget = self.queue_view.card_widget(consumption_id)
        if widget is not None:
            widget.show_notice(text)

    def _ask_unclaimed(self, consumption_id: str, action: str) -> None:
        """No claim can be taken (the shared database is unreachable): ask in the card
        before deciding unclaimed."""
        text = self.tr(
            "The shared database cannot be reached, so this desk cannot claim the payment: "
            "another desk may decide it at the same moment. {verb} it unclaimed?"
        ).format(verb=action.capitalize())
        widget = self.queue_view.card_widget(consumption_id)
        if widget is None:
            self.status.showMessage(text, 10000)
            return
        self._unclaimed[consumption_id] = action
        if not self._unclaimed_wired:
            self._unclaimed_wired = True
            widget.confirm_no.clicked.connect(self._unclaimed.clear)
        widget.show_confirmation(text, action)

    def ask_take_over(self, consumption_id: str) -> QInputDialog:
        """Ask why the cashier takes the payment over (non-modal); then take it."""
        holder = self.queue_view.claim_note(consumption_id)
        dialog = QInputDialog(self)
        dialog.setObjectName("takeOverDialog")
        dialog.setWindowTitle(self.tr("Take over this payment"))
        dialog.setLabelText(
            self.tr(
                "This payment is {holder}. Why do you take it over? The reason is kept in "
                "the audit trail."
            ).format(holder=holder or self.tr("held by another desk"))
        )
        dialog.setTextValue("")
        dialog.setOkButtonText(self.tr("Take over"))

        def on_done(result: int) -> None:
            if result != QInputDialog.DialogCode.Accepted:
                return
            reason = dialog.textValue().strip()
            if not reason:
                self.status.showMessage(self.tr("Not taken over: a reason is needed."), 8000)
                self._show_refusal_on_card(
                    consumption_id, self.tr("Not taken over: a reason is needed.")
                )
                return
            self.controller.cashier.take_over(consumption_id, reason)

        dialog.finished.connect(on_done)
        self.take_over_dialog = dialog
        dialog.open()
        return dialog

    def _on_pending_count_changed(self, count: int) -> None:
        self.status.set_pending(count)
        self.live_chart.set_pending(count)
        title = self._base_title()
        self.setWindowTitle(f"({count}) {title}" if count else title)

    def _base_title(self) -> str:
        if self.demo_mode:
            return self.tr("eWallet monitor — demo ({mode})").format(mode=self.demo_mode)
        return self.tr("eWallet monitor")

    def _on_event_log_action(self, action: str, data: object) -> None:
        """Approve / Reject from the event log's detail pane: the payment comes into focus
        in the queue, where the cashier decides it (only the card in focus, seen, can be
        decided)."""
        cashier = self.controller.cashier
        consumption_id = cashier.ensure_card(data) if isinstance(data, dict) else None
        if consumption_id is None:
            self.show_error(self.tr("This consumption can no longer be approved or rejected."))
            return
        self.reveal_queue()
        self.queue_view.select(consumption_id)
        text = (
            self.tr("The payment is in focus in Approvals: approve it there.")
            if action == "approve"
            else self.tr("The payment is in focus in Approvals: reject it there.")
        )
        self.status.showMessage(text, 10000)

    def _join_topics(self, topics: list[str]) -> None:
        for topic in topics:
            self.controller.join(topic)
        self.channels_dock.raise_()

    def _on_rate_tick(self) -> None:
        self.status.set_rate(self.rates.rate())
        if self.store is not None:
            # Plain attribute reads: the store's writer updates them as it goes.
            # The shared (PostgreSQL) store also says when it spools (EventStore does not).
            outage = getattr(self.store, "status_text", "")
            self.status.set_store_health(self.store.last_error, self.store.dropped, outage)

    def _on_show_heartbeats(self, show: bool) -> None:
        self.event_log_view.set_show_control_frames(show)
        self.settings.set(keys.SHOW_HEARTBEATS, show)

    def _toggle_mute(self, muted: bool) -> None:
        self._set_muted(muted)

    def _set_muted(self, muted: bool) -> None:
        self.notifier.set_muted(muted)
        self.queue_view.set_muted(muted)
        self.mute_action.setChecked(muted)
        self.settings.set(keys.MUTED, muted)

    # -- Qt events -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        saved = self.settings.get(dock_state_setting(self._layout_key, self.window_layout))
        if not self._sized_docks and saved.isEmpty():
            # First run: dock sizes only take once the window has its real size.
            self._sized_docks = True
            QTimer.singleShot(0, self, self._default_dock_sizes)

    def _default_dock_sizes(self) -> None:
        if self.window_layout is not WindowLayout.OPERATOR:
            return
        width = self.width()
        self.resizeDocks(
            [self.connection_dock, self.queue_dock],
            [max(300, width // 4), max(380, width // 3)],
            Qt.Orientation.Horizontal,
        )
        self.resizeDocks([self.chart_dock], [max(120, self.height() // 6)], Qt.Orientation.Vertical)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Qt keeps the hidden docks of a tabbed group, and spare dock tab bars, "visible"
        # outside the window: Tab would land on controls nobody can see. The dock tab bars
        # are skipped too (View → Ctrl+Shift+1…6 brings a panel forward).
        for _ in range(500):
            if not super().focusNextPrevChild(next):
                return False
            widget = QApplication.focusWidget()
            if widget is None or is_tab_stop(widget, self):
                return True
        return True

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.apply_theme()
        super().changeEvent(event)

    def quit_without_asking(self) -> None:
        """Close even with payments waiting (``--quit-after``, SIGTERM, SIGHUP, Ctrl+C)."""
        self._quit_confirmed = True
        self.close()

    def _ask_to_quit(self, waiting: int) -> None:
        if self.quit_dialog is not None and self.quit_dialog.isVisible():
            self.quit_dialog.raise_()
            return

        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Payments waiting"))
        box.setText(self.tr("%n payment(s) waiting for your decision. Quit anyway?", "", waiting))
        box.setInformativeText(
            self.tr(
                "Customers are waiting at the counter: undecided payments expire on the server."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Cancel)
        quit_button = box.addButton(self.tr("Quit anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)

        def finished(_result: int) -> None:
            if box.clickedButton() is quit_button:
                self.quit_without_asking()

        box.finished.connect(finished)
        self.quit_dialog = box
        box.open()  # not exec(): a nested loop would stall the asyncio side

    def closeEvent(self, event: QCloseEvent) -> None:
        waiting = self.queue.pending_count
        if waiting and not self._quit_confirmed and not self._closed_once:
            event.ignore()
            self._ask_to_quit(waiting)
            return
        self.save_settings()
        for dialog in (self.history_dialog, self.export_dialog):
            if dialog is not None:
                dialog.close()
        self.controller.stop()
        super().closeEvent(event)
        if not self._closed_once:
            self._closed_once = True
            self.closed.emit()
