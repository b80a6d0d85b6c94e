<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>AnomalyModel</name>
    <message numerus="yes">
        <source>first {time}; %n log row(s) — activate to jump to them</source>
        <translation>
            <numerusform>first {time}; %n log row — activate to jump to it</numerusform>
            <numerusform>first {time}; %n log rows — activate to jump to them</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalQueueView</name>
    <message numerus="yes">
        <source>%n more payments expire soon, the first {countdown} — Ctrl+1</source>
        <translation>
            <numerusform>%n more payment expires soon, {countdown} — Ctrl+1</numerusform>
            <numerusform>%n more payments expire soon, the first {countdown} — Ctrl+1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new payment(s) out of view — Ctrl+1</source>
        <translation>
            <numerusform>%n new payment out of view — Ctrl+1</numerusform>
            <numerusform>%n new payments out of view — Ctrl+1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message numerus="yes">
        <source>%Ln new event(s) ↓</source>
        <translation>
            <numerusform>%Ln new event ↓</numerusform>
            <numerusform>%Ln new events ↓</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n kinds</source>
        <translation>
            <numerusform>%n kind</numerusform>
            <numerusform>%n kinds</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln rows</source>
        <translation>
            <numerusform>{shown} of %Ln row</numerusform>
            <numerusform>{shown} of %Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln row</numerusform>
            <numerusform>%Ln rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln older dropped</source>
        <translation>
            <numerusform> · %Ln older dropped</numerusform>
            <numerusform> · %Ln older dropped</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>Exported %Ln event(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln event to {path}</numerusform>
            <numerusform>Exported %Ln events to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln audit entry(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln audit entry to {path}</numerusform>
            <numerusform>Exported %Ln audit entries to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln gap(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln gap to {path}</numerusform>
            <numerusform>Exported %Ln gaps to {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln channel state change(s) to {path}</source>
        <translation>
            <numerusform>Exported %Ln channel state change to {path}</numerusform>
            <numerusform>Exported %Ln channel state changes to {path}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message numerus="yes">
        <source>%Ln event(s) found in {ms} ms</source>
        <translation>
            <numerusform>%Ln event found in {ms} ms</numerusform>
            <numerusform>%Ln events found in {ms} ms</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JsonTreeWidget</name>
    <message numerus="yes">
        <source>%n more (see Text)</source>
        <translation>
            <numerusform>%n more (see Text)</numerusform>
            <numerusform>%n more (see Text)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Imported %n profile(s) from {path}</source>
        <translation>
            <numerusform>Imported %n profile from {path}</numerusform>
            <numerusform>Imported %n profiles from {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) to {path} (no secrets)</source>
        <translation>
            <numerusform>Exported %n profile to {path} (no secrets)</numerusform>
            <numerusform>Exported %n profiles to {path} (no secrets)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) waiting for your decision. Quit anyway?</source>
        <translation>
            <numerusform>%n payment is waiting for your decision. Quit anyway?</numerusform>
            <numerusform>%n payments are waiting for your decision. Quit anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MonitorStatusBar</name>
    <message numerus="yes">
        <source>⚠ %n event(s) not saved</source>
        <translation>
            <numerusform>⚠ %n event not saved</numerusform>
            <numerusform>⚠ %n events not saved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored in the history at all; each one is described in the log.</source>
        <translation>
            <numerusform>%n event could not be stored in the history at all; it is described in the log.</numerusform>
            <numerusform>%n events could not be stored in the history at all; each one is described in the log.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
</context>
</TS>
