<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="th">
<context>
    <name>AddChannelDialog</name>
    <message>
        <source>usr_01cbfg9qtdken61agxhx6wvj9h or a provider user id</source>
        <translation>usr_01cbfg9qtdken61agxhx6wvj9h หรือรหัสผู้ใช้ของผู้ให้บริการ</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>เพิ่มช่อง</translation>
    </message>
    <message>
        <source>Type the id, or paste a whole topic such as transaction_request:txr_…</source>
        <translation>พิมพ์รหัส หรือวางหัวข้อทั้งหมด เช่น transaction_request:txr_…</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>เข้าร่วม</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>ประเภท:</translation>
    </message>
    <message>
        <source>Id or topic:</source>
        <translation>รหัสหรือหัวข้อ:</translation>
    </message>
    <message>
        <source>Enter a {kind} id.</source>
        <translation>ใส่รหัส{kind}</translation>
    </message>
    <message>
        <source>{topic} is already in the channel list (use Rejoin).</source>
        <translation>{topic} อยู่ในรายการช่องแล้ว (ใช้ &quot;เข้าร่วมใหม่&quot;)</translation>
    </message>
    <message>
        <source>Will join {topic}</source>
        <translation>จะเข้าร่วม {topic}</translation>
    </message>
    <message>
        <source>(not the current server&apos;s id form; fine for older servers)</source>
        <translation>(ไม่ใช่รูปแบบรหัสของเซิร์ฟเวอร์ปัจจุบัน ใช้ได้กับเซิร์ฟเวอร์รุ่นเก่า)</translation>
    </message>
</context>
<context>
    <name>AmountLabel</name>
    <message>
        <source>Copy amount</source>
        <translation>คัดลอกจำนวนเงิน</translation>
    </message>
</context>
<context>
    <name>AnomaliesView</name>
    <message>
        <source>Anomalies</source>
        <translation>ความผิดปกติ</translation>
    </message>
    <message>
        <source>Problems of this session; activate one to jump to its rows in the event log</source>
        <translation>ปัญหาของเซสชันนี้ เลือกรายการเพื่อไปยังแถวในบันทึกอีเวนต์</translation>
    </message>
    <message>
        <source>No anomalies so far.</source>
        <translation>ยังไม่พบความผิดปกติ</translation>
    </message>
</context>
<context>
    <name>AnomalyModel</name>
    <message>
        <source>Last</source>
        <translation>ล่าสุด</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>What</source>
        <translation>รายละเอียด</translation>
    </message>
    <message numerus="yes">
        <source>first {time}; %n log row(s) — activate to jump to them</source>
        <translation>
            <numerusform>ครั้งแรก {time}; %n แถวในบันทึก — เลือกเพื่อไปยังแถวเหล่านั้น</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalCardWidget</name>
    <message>
        <source>Ctrl+Enter, or A when the queue has focus</source>
        <translation>Ctrl+Enter หรือ A เมื่อคิวมีโฟกัส</translation>
    </message>
    <message>
        <source>Ctrl+Backspace, or R when the queue has focus</source>
        <translation>Ctrl+Backspace หรือ R เมื่อคิวมีโฟกัส</translation>
    </message>
    <message>
        <source>✓ Confirmed</source>
        <translation>✓ ยืนยันแล้ว</translation>
    </message>
    <message>
        <source>✗ Rejected</source>
        <translation>✗ ปฏิเสธแล้ว</translation>
    </message>
    <message>
        <source>Cancelled by the customer</source>
        <translation>ลูกค้ายกเลิก</translation>
    </message>
    <message>
        <source>✗ Failed</source>
        <translation>✗ ล้มเหลว</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>✗ Cannot be decided</source>
        <translation>✗ ตัดสินใจไม่ได้</translation>
    </message>
    <message>
        <source>Take over…</source>
        <translation>รับช่วงต่อ…</translation>
    </message>
    <message>
        <source>Decide this payment here instead (asks why; kept in the audit trail)</source>
        <translation>ตัดสินการชำระเงินนี้ที่นี่แทน (จะถามเหตุผล และบันทึกไว้ในประวัติการตรวจสอบ)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>อนุมัติ</translation>
    </message>
    <message>
        <source>Approve this payment ({keys})</source>
        <translation>อนุมัติการชำระเงินนี้ ({keys})</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>ปฏิเสธ</translation>
    </message>
    <message>
        <source>Reject this payment ({keys})</source>
        <translation>ปฏิเสธการชำระเงินนี้ ({keys})</translation>
    </message>
    <message>
        <source>Yes, approve</source>
        <translation>ใช่ อนุมัติ</translation>
    </message>
    <message>
        <source>Approve now (Enter)</source>
        <translation>อนุมัติเลย (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Do not approve (Esc)</source>
        <translation>ไม่อนุมัติ (Esc)</translation>
    </message>
    <message>
        <source>wallet {address}</source>
        <translation>วอลเล็ต {address}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>สร้างเมื่อ {time}</translation>
    </message>
    <message>
        <source>Request {id}</source>
        <translation>คำขอ {id}</translation>
    </message>
    <message>
        <source>Consumption {id}</source>
        <translation>คอนซัมชัน {id}</translation>
    </message>
    <message>
        <source>⚑ This payment is {holder}.</source>
        <translation>⚑ การชำระเงินนี้{holder}</translation>
    </message>
    <message>
        <source>Past its expiration time by this computer&apos;s clock. The server decides: it may still take an answer until it marks the request expired.</source>
        <translation>เลยเวลาหมดอายุตามนาฬิกาของคอมพิวเตอร์นี้แล้ว เซิร์ฟเวอร์เป็นผู้ตัดสิน: อาจยังรับคำตอบได้จนกว่าจะทำเครื่องหมายว่าคำขอหมดอายุ</translation>
    </message>
    <message>
        <source>Yes, reject</source>
        <translation>ใช่ ปฏิเสธ</translation>
    </message>
    <message>
        <source>Reject now (Enter)</source>
        <translation>ปฏิเสธเลย (Enter)</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>กำลังอนุมัติ…</translation>
    </message>
    <message>
        <source>Rejecting…</source>
        <translation>กำลังปฏิเสธ…</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>ยังไม่สำเร็จ</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>ไม่ทราบผล</translation>
    </message>
    <message>
        <source>Not verified since the outage</source>
        <translation>ยังไม่ได้ตรวจสอบตั้งแต่การเชื่อมต่อขาด</translation>
    </message>
    <message>
        <source>Waiting for you</source>
        <translation>รอคุณ</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>กู้คืนแล้ว</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive here until it is back.</source>
        <translation>การเชื่อมต่อสดขาดอยู่: การยืนยันจากเซิร์ฟเวอร์จะมาถึงที่นี่ไม่ได้จนกว่าจะกลับมาเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Fetched from the server after a reconnect (not seen live).</source>
        <translation>ดึงจากเซิร์ฟเวอร์หลังเชื่อมต่อใหม่ (ไม่ได้เห็นแบบสด)</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer}</source>
        <translation>การชำระเงิน {amount} จาก {customer}</translation>
    </message>
</context>
<context>
    <name>ApprovalHistoryModel</name>
    <message>
        <source>left undecided</source>
        <translation>ไม่ได้ตัดสินใจ</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while it was waiting, so it can no longer be decided here.</source>
        <translation>ไม่ได้มาจากเซิร์ฟเวอร์นี้: การเชื่อมต่อเปลี่ยนไประหว่างที่รอ จึงตัดสินใจที่นี่ไม่ได้อีกแล้ว</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while a decision on it was on its way (the audit trail has the server&apos;s answer).</source>
        <translation>ไม่ได้มาจากเซิร์ฟเวอร์นี้: การเชื่อมต่อเปลี่ยนไประหว่างที่การตัดสินใจกำลังส่ง (บันทึกการตรวจสอบมีคำตอบของเซิร์ฟเวอร์)</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>สิ้นสุดเมื่อ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>จำนวนเงิน</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>ลูกค้า</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>ผลลัพธ์</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>เหตุผล</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>คอนซัมชัน</translation>
    </message>
</context>
<context>
    <name>ApprovalListModel</name>
    <message>
        <source>no expiry</source>
        <translation>ไม่มีวันหมดอายุ</translation>
    </message>
    <message>
        <source>expiring now</source>
        <translation>กำลังหมดอายุ</translation>
    </message>
    <message>
        <source>{n} minute</source>
        <translation>{n} นาที</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} นาที</translation>
    </message>
    <message>
        <source>{n} second</source>
        <translation>{n} วินาที</translation>
    </message>
    <message>
        <source>{n} seconds</source>
        <translation>{n} วินาที</translation>
    </message>
    <message>
        <source>expires in {time}</source>
        <translation>หมดอายุในอีก {time}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>จาก {customer}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>ApprovalListView</name>
    <message>
        <source>recovered</source>
        <translation>กู้คืนแล้ว</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>รออยู่</translation>
    </message>
    <message>
        <source>Payments waiting, most urgent first</source>
        <translation>การชำระเงินที่รออยู่ เรียงจากเร่งด่วนที่สุด</translation>
    </message>
</context>
<context>
    <name>ApprovalQueue</name>
    <message>
        <source>expiring…</source>
        <translation>กำลังหมดอายุ…</translation>
    </message>
    <message>
        <source>expires in {clock}</source>
        <translation>หมดอายุใน {clock}</translation>
    </message>
</context>
<context>
    <name>ApprovalQueueView</name>
    <message>
        <source>Sound on a payment&apos;s arrival and outcome, and a desktop notification while the window is in the background</source>
        <translation>เสียงเมื่อมีการชำระเงินเข้ามาและเมื่อได้ผล และการแจ้งเตือนบนเดสก์ท็อปขณะที่หน้าต่างอยู่เบื้องหลัง</translation>
    </message>
    <message>
        <source>always</source>
        <translation>ทุกครั้ง</translation>
    </message>
    <message>
        <source>Approvals of this token above this amount ask for a second click (0 = always ask); each token has its own</source>
        <translation>การอนุมัติโทเคนนี้ที่มีจำนวนเงินเกินค่านี้จะขอให้คลิกยืนยันอีกครั้ง (0 = ถามทุกครั้ง) แต่ละโทเคนตั้งค่าแยกกัน</translation>
    </message>
    <message>
        <source>Live connection down: approvals still go through, but their confirmation cannot arrive until the connection is back.</source>
        <translation>การเชื่อมต่อสดขาด: การอนุมัติยังส่งได้ แต่การยืนยันจะมาถึงไม่ได้จนกว่าการเชื่อมต่อจะกลับมา</translation>
    </message>
    <message>
        <source>No payment waiting. New ones appear here.</source>
        <translation>ไม่มีการชำระเงินที่รออยู่ รายการใหม่จะแสดงที่นี่</translation>
    </message>
    <message>
        <source>History</source>
        <translation>ประวัติ</translation>
    </message>
    <message>
        <source>Sound: muted</source>
        <translation>เสียง: ปิด</translation>
    </message>
    <message>
        <source>Sound: unavailable</source>
        <translation>เสียง: ใช้ไม่ได้</translation>
    </message>
    <message>
        <source>Sound: on</source>
        <translation>เสียง: เปิด</translation>
    </message>
    <message>
        <source>Sound unavailable: {problem}. Cards pulse instead.</source>
        <translation>เสียงใช้ไม่ได้: {problem} การ์ดจะกะพริบแทน</translation>
    </message>
    <message>
        <source>Reject? {warning}</source>
        <translation>ปฏิเสธหรือไม่? {warning}</translation>
    </message>
    <message>
        <source>Approve {amount}?</source>
        <translation>อนุมัติ {amount} หรือไม่?</translation>
    </message>
    <message>
        <source>The live connection is down: the approval goes out over HTTP, but its confirmation cannot arrive here until the connection is back.</source>
        <translation>การเชื่อมต่อสดขาดอยู่: การอนุมัติจะส่งผ่าน HTTP แต่การยืนยันจะมาถึงที่นี่ไม่ได้จนกว่าการเชื่อมต่อจะกลับมา</translation>
    </message>
    <message>
        <source>1 more payment {countdown} — Ctrl+1</source>
        <translation>การชำระเงินอีก 1 รายการ {countdown} — Ctrl+1</translation>
    </message>
    <message numerus="yes">
        <source>%n more payments expire soon, the first {countdown} — Ctrl+1</source>
        <translation>
            <numerusform>การชำระเงินอีก %n รายการใกล้หมดอายุ รายการแรก{countdown} — Ctrl+1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new payment(s) out of view — Ctrl+1</source>
        <translation>
            <numerusform>การชำระเงินใหม่ %n รายการอยู่นอกมุมมอง — Ctrl+1</numerusform>
        </translation>
    </message>
    <message>
        <source>asks to confirm: every approval</source>
        <translation>ขอยืนยัน: ทุกการอนุมัติ</translation>
    </message>
    <message>
        <source>asks to confirm: above {amount} {token}</source>
        <translation>ขอยืนยัน: จำนวนเงินเกิน {amount} {token}</translation>
    </message>
    <message>
        <source>Ask to confirm {token} approvals above:</source>
        <translation>ยืนยันซ้ำเมื่ออนุมัติ {token} เกิน:</translation>
    </message>
    <message>
        <source>Ask to confirm above:</source>
        <translation>ยืนยันซ้ำเมื่อจำนวนเงินเกิน:</translation>
    </message>
    <message>
        <source>Waiting for approval ({count})</source>
        <translation>รอการอนุมัติ ({count})</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>รอการอนุมัติ</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>ประวัติ ({count})</translation>
    </message>
</context>
<context>
    <name>CashierController</name>
    <message>
        <source>Unknown action {action}.</source>
        <translation>ไม่รู้จักการดำเนินการ {action}</translation>
    </message>
    <message>
        <source>This payment is {holder}: take it over to decide here.</source>
        <translation>การชำระเงินนี้{holder}: รับช่วงต่อเพื่อตัดสินที่นี่</translation>
    </message>
    <message>
        <source>Say why you take this payment over.</source>
        <translation>โปรดระบุเหตุผลที่รับช่วงการชำระเงินนี้</translation>
    </message>
    <message>
        <source>The shared database cannot be reached: nothing can be taken over.</source>
        <translation>ติดต่อฐานข้อมูลที่ใช้ร่วมกันไม่ได้: รับช่วงต่อไม่ได้</translation>
    </message>
    <message>
        <source>Not taken over: a decision from {desk} is on its way and its outcome is not known yet.</source>
        <translation>ไม่ได้รับช่วง: คำตัดสินจาก {desk} กำลังดำเนินการอยู่และยังไม่ทราบผล</translation>
    </message>
    <message>
        <source>Not taken over: it is no longer held by another desk.</source>
        <translation>ไม่ได้รับช่วง: ไม่มีเคาน์เตอร์อื่นถือรายการนี้แล้ว</translation>
    </message>
    <message>
        <source>Not connected: connect to a server before approving or rejecting.</source>
        <translation>ยังไม่ได้เชื่อมต่อ: เชื่อมต่อกับเซิร์ฟเวอร์ก่อนอนุมัติหรือปฏิเสธ</translation>
    </message>
    <message>
        <source>This consumption is not in the approval queue.</source>
        <translation>คอนซัมชันนี้ไม่อยู่ในคิวการอนุมัติ</translation>
    </message>
    <message>
        <source>This consumption cannot be changed now.</source>
        <translation>คอนซัมชันนี้เปลี่ยนแปลงตอนนี้ไม่ได้</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive until it is back. The answer to this request is all you will see.</source>
        <translation>การเชื่อมต่อสดขาดอยู่: การยืนยันจากเซิร์ฟเวอร์จะมาไม่ได้จนกว่าจะกลับมาเชื่อมต่อ คุณจะเห็นเพียงคำตอบของคำขอนี้เท่านั้น</translation>
    </message>
</context>
<context>
    <name>ChannelTreeModel</name>
    <message>
        <source>Channel</source>
        <translation>ช่อง</translation>
    </message>
    <message>
        <source>State</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>เหตุผล</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>อีเวนต์</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>บัญชี</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Transaction requests</source>
        <translation>คำขอธุรกรรม</translation>
    </message>
    <message>
        <source>Consumptions</source>
        <translation>คอนซัมชัน</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ผู้ใช้</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>อื่น ๆ</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>ปิดแล้ว</translation>
    </message>
    <message>
        <source>joining…</source>
        <translation>กำลังเข้าร่วม…</translation>
    </message>
    <message>
        <source>joined</source>
        <translation>เข้าร่วมแล้ว</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>ถูกปฏิเสธ</translation>
    </message>
    <message>
        <source>rejoining…</source>
        <translation>กำลังเข้าร่วมใหม่…</translation>
    </message>
    <message>
        <source>leaving…</source>
        <translation>กำลังออก…</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ล้มเหลว</translation>
    </message>
</context>
<context>
    <name>ChannelTreeView</name>
    <message>
        <source>Add…</source>
        <translation>เพิ่ม…</translation>
    </message>
    <message>
        <source>Join another channel (kind and id, or a pasted topic)</source>
        <translation>เข้าร่วมช่องอื่น (ประเภทและรหัส หรือหัวข้อที่วาง)</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>ออก</translation>
    </message>
    <message>
        <source>Rejoin</source>
        <translation>เข้าร่วมใหม่</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>คัดลอกหัวข้อ</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>เพิ่มช่อง…</translation>
    </message>
</context>
<context>
    <name>ColourRules</name>
    <message>
        <source>{rule}: {colour} is not a colour</source>
        <translation>{rule}: {colour} ไม่ใช่สี</translation>
    </message>
</context>
<context>
    <name>ColourRulesDialog</name>
    <message>
        <source>Rule</source>
        <translation>กฎ</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>ตัวกรอง</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>ข้อความ</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>พื้นหลัง</translation>
    </message>
    <message>
        <source>Colouring rules</source>
        <translation>กฎการระบายสี</translation>
    </message>
    <message>
        <source>The first enabled rule that matches wins</source>
        <translation>ใช้กฎแรกที่เปิดใช้อยู่และตรงกัน</translation>
    </message>
    <message>
        <source>&amp;Colours…</source>
        <translation>สี(&amp;C)…</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>ค่าเริ่มต้น</translation>
    </message>
    <message>
        <source>The first enabled rule whose filter matches a row colours it (filter language: e.g. status == &quot;failed&quot; and amount &gt; 0.5).</source>
        <translation>กฎแรกที่เปิดใช้และตัวกรองตรงกับแถวจะระบายสีแถวนั้น (ภาษาตัวกรอง เช่น status == &quot;failed&quot; and amount &gt; 0.5)</translation>
    </message>
    <message>
        <source>Rule {number}</source>
        <translation>กฎที่ {number}</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>กฎใหม่</translation>
    </message>
    <message>
        <source>Text colour</source>
        <translation>สีข้อความ</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>In headers</source>
        <translation>ในส่วนหัว</translation>
    </message>
    <message>
        <source>In the URL query</source>
        <translation>ในคิวรีของ URL</translation>
    </message>
    <message>
        <source>(no profile)</source>
        <translation>(ไม่มีโปรไฟล์)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>แสดง</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>แสดงหรือซ่อนข้อมูลลับ</translation>
    </message>
    <message>
        <source>Headers (Authorization) is the normal way. The URL query form is for proxies that strip headers; the URL then holds the credentials.</source>
        <translation>ส่วนหัว (Authorization) เป็นวิธีปกติ รูปแบบคิวรีของ URL มีไว้สำหรับพร็อกซีที่ตัดส่วนหัวทิ้ง ซึ่ง URL จะมีข้อมูลรับรองอยู่ด้วย</translation>
    </message>
    <message>
        <source>Verify the certificate</source>
        <translation>ตรวจสอบใบรับรอง</translation>
    </message>
    <message>
        <source>Check the server&apos;s TLS certificate. Turn off only for a test server.</source>
        <translation>ตรวจสอบใบรับรอง TLS ของเซิร์ฟเวอร์ ปิดเฉพาะกับเซิร์ฟเวอร์ทดสอบเท่านั้น</translation>
    </message>
    <message>
        <source>system certificates</source>
        <translation>ใบรับรองของระบบ</translation>
    </message>
    <message>
        <source>Choose a CA certificate file</source>
        <translation>เลือกไฟล์ใบรับรอง CA</translation>
    </message>
    <message>
        <source>How often to check the connection (the server drops it after 60 s of silence)</source>
        <translation>ความถี่ในการตรวจการเชื่อมต่อ (เซิร์ฟเวอร์จะตัดการเชื่อมต่อเมื่อเงียบ 60 วินาที)</translation>
    </message>
    <message>
        <source>seconds, {range}</source>
        <translation>วินาที, {range}</translation>
    </message>
    <message>
        <source>user:usr_…
transaction_request:txr_…</source>
        <translation>user:usr_…
transaction_request:txr_…</translation>
    </message>
    <message>
        <source>Channels to join, one topic per line</source>
        <translation>ช่องที่จะเข้าร่วม หนึ่งหัวข้อต่อบรรทัด</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>เชื่อมต่อ</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>ตัดการเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>โปรไฟล์</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>URL ของเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>ข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>Send credentials</source>
        <translation>ส่งข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>ไฟล์ CA</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>ฮาร์ตบีต</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>ช่อง</translation>
    </message>
    <message>
        <source>Connect anyway</source>
        <translation>เชื่อมต่อต่อไป</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Named connections: choose one to fill the form</source>
        <translation>การเชื่อมต่อที่ตั้งชื่อไว้: เลือกเพื่อกรอกฟอร์ม</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>บันทึก</translation>
    </message>
    <message>
        <source>Save the form into the chosen profile</source>
        <translation>บันทึกฟอร์มลงในโปรไฟล์ที่เลือก</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>บันทึกเป็น…</translation>
    </message>
    <message>
        <source>Save the form as a new profile</source>
        <translation>บันทึกฟอร์มเป็นโปรไฟล์ใหม่</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>เปลี่ยนชื่อ…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Delete the chosen profile (and its remembered secret)</source>
        <translation>ลบโปรไฟล์ที่เลือก (และข้อมูลลับที่จำไว้)</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>ชื่อโปรไฟล์</translation>
    </message>
    <message>
        <source>Remember the secret in the system keyring</source>
        <translation>จำข้อมูลลับไว้ในคีย์ริงของระบบ</translation>
    </message>
    <message>
        <source>Cashier desk: open in the Cashier layout</source>
        <translation>เคาน์เตอร์แคชเชียร์: เปิดในเลย์เอาต์แคชเชียร์</translation>
    </message>
    <message>
        <source>Payments first: the Approvals panel fills the window (saved with the profile)</source>
        <translation>การชำระเงินมาก่อน: แผงการอนุมัติเต็มหน้าต่าง (บันทึกไว้กับโปรไฟล์)</translation>
    </message>
    <message>
        <source>The heartbeat</source>
        <translation>ฮาร์ตบีต</translation>
    </message>
    <message>
        <source>Line {number}: {problem}</source>
        <translation>บรรทัด {number}: {problem}</translation>
    </message>
    <message>
        <source>A CA file is only used when the certificate is verified.</source>
        <translation>ไฟล์ CA ใช้เฉพาะเมื่อมีการตรวจสอบใบรับรอง</translation>
    </message>
    <message>
        <source>Connects to {url}</source>
        <translation>เชื่อมต่อกับ {url}</translation>
    </message>
    <message>
        <source>{host} is reached without encryption (ws:// / http://): the credentials and every payment can be read and changed on the way. Use https:// unless you know this network is private.</source>
        <translation>การเชื่อมต่อกับ {host} ไม่มีการเข้ารหัส (ws:// / http://): ข้อมูลรับรองและการชำระเงินทุกรายการอาจถูกอ่านและแก้ไขระหว่างทาง ใช้ https:// เว้นแต่คุณแน่ใจว่าเครือข่ายนี้เป็นเครือข่ายส่วนตัว</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>เชื่อมต่อใหม่</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>ซ่อน</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>ไฟล์ใบรับรอง CA</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>ใบรับรอง (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>ทุกไฟล์ (*)</translation>
    </message>
    <message>
        <source>Keep the secret in the system keyring (never in a settings file)</source>
        <translation>เก็บข้อมูลลับไว้ในคีย์ริงของระบบ (ไม่เก็บในไฟล์การตั้งค่า)</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; the secret came from the system keyring.</source>
        <translation>โหลดโปรไฟล์ “{name}” แล้ว ข้อมูลลับมาจากคีย์ริงของระบบ</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret (none is remembered yet).</source>
        <translation>โหลดโปรไฟล์ “{name}” แล้ว ใส่ข้อมูลลับ (ยังไม่มีที่จำไว้)</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret.</source>
        <translation>โหลดโปรไฟล์ “{name}” แล้ว ใส่ข้อมูลลับ</translation>
    </message>
    <message>
        <source>Profile “{name}” saved; the secret is in the system keyring.</source>
        <translation>บันทึกโปรไฟล์ “{name}” แล้ว ข้อมูลลับอยู่ในคีย์ริงของระบบ</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret. {reason}</source>
        <translation>บันทึกโปรไฟล์ “{name}” โดยไม่มีข้อมูลลับ {reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret: {reason}</source>
        <translation>บันทึกโปรไฟล์ “{name}” โดยไม่มีข้อมูลลับ: {reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret.</source>
        <translation>บันทึกโปรไฟล์ “{name}” โดยไม่มีข้อมูลลับ</translation>
    </message>
    <message>
        <source>Profile “{name}” deleted (and its remembered secret, if any).</source>
        <translation>ลบโปรไฟล์ “{name}” แล้ว (รวมข้อมูลลับที่จำไว้ ถ้ามี)</translation>
    </message>
    <message>
        <source>Profile “{old}” is now “{new}”.</source>
        <translation>โปรไฟล์ “{old}” เปลี่ยนชื่อเป็น “{new}” แล้ว</translation>
    </message>
    <message>
        <source>Save the form as a new profile named:</source>
        <translation>บันทึกฟอร์มเป็นโปรไฟล์ใหม่ชื่อ:</translation>
    </message>
    <message>
        <source>Rename “{name}” to:</source>
        <translation>เปลี่ยนชื่อ “{name}” เป็น:</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>เปลี่ยนชื่อ</translation>
    </message>
    <message>
        <source>Delete the profile “{name}” and its remembered secret?</source>
        <translation>ลบโปรไฟล์ “{name}” และข้อมูลลับที่จำไว้หรือไม่?</translation>
    </message>
    <message>
        <source>A profile named “{name}” exists already.</source>
        <translation>มีโปรไฟล์ชื่อ “{name}” อยู่แล้ว</translation>
    </message>
    <message>
        <source>Shared history</source>
        <translation>ประวัติที่ใช้ร่วมกัน</translation>
    </message>
    <message>
        <source>this computer (SQLite)</source>
        <translation>เครื่องนี้ (SQLite)</translation>
    </message>
    <message>
        <source>A PostgreSQL history shared by several desks, e.g. postgresql://desk@dbhost:5432/ewallet — without the password (the keyring or PGPASSFILE has it). Used when the window starts with this profile.</source>
        <translation>ประวัติใน PostgreSQL ที่หลายเคาน์เตอร์ใช้ร่วมกัน เช่น postgresql://desk@dbhost:5432/ewallet — ไม่ต้องใส่รหัสผ่าน (เก็บไว้ในคีย์ริงของระบบหรือ PGPASSFILE) ใช้เมื่อหน้าต่างเปิดด้วยโปรไฟล์นี้</translation>
    </message>
</context>
<context>
    <name>DecisionGuard</name>
    <message>
        <source>This payment is no longer waiting.</source>
        <translation>การชำระเงินนี้ไม่ได้รออยู่แล้ว</translation>
    </message>
    <message>
        <source>This payment is not from the server you are connected to now.</source>
        <translation>การชำระเงินนี้ไม่ได้มาจากเซิร์ฟเวอร์ที่คุณเชื่อมต่ออยู่ตอนนี้</translation>
    </message>
    <message>
        <source>A decision on this payment is already on its way.</source>
        <translation>การตัดสินใจสำหรับการชำระเงินนี้กำลังส่งอยู่แล้ว</translation>
    </message>
    <message>
        <source>This payment has already ended.</source>
        <translation>การชำระเงินนี้สิ้นสุดแล้ว</translation>
    </message>
    <message>
        <source>This payment cannot be approved now: {state}.</source>
        <translation>อนุมัติการชำระเงินนี้ตอนนี้ไม่ได้: {state}</translation>
    </message>
    <message>
        <source>This payment cannot be rejected now: {state}.</source>
        <translation>ปฏิเสธการชำระเงินนี้ตอนนี้ไม่ได้: {state}</translation>
    </message>
    <message>
        <source>Only the payment shown large can be decided: select it first.</source>
        <translation>ตัดสินใจได้เฉพาะการชำระเงินที่แสดงขนาดใหญ่เท่านั้น: เลือกรายการนั้นก่อน</translation>
    </message>
    <message>
        <source>Look at the payment first: it has only just been shown.</source>
        <translation>ดูการชำระเงินก่อน: เพิ่งแสดงขึ้นมา</translation>
    </message>
    <message>
        <source>A decision was just made: wait a moment before the next one.</source>
        <translation>เพิ่งมีการตัดสินใจ: รอสักครู่ก่อนรายการถัดไป</translation>
    </message>
</context>
<context>
    <name>DesksIndicator</name>
    <message>
        <source>{desk}: no other desk</source>
        <translation>{desk}: ไม่มีเคาน์เตอร์อื่น</translation>
    </message>
    <message>
        <source>Other desks</source>
        <translation>เคาน์เตอร์อื่น</translation>
    </message>
    <message>
        <source> — gone</source>
        <translation> — ออฟไลน์</translation>
    </message>
    <message>
        <source>other desk</source>
        <translation>เคาน์เตอร์อื่น</translation>
    </message>
    <message>
        <source>other desks</source>
        <translation>เคาน์เตอร์อื่น</translation>
    </message>
    <message>
        <source>&lt;b&gt;This desk&lt;/b&gt;: {desk}</source>
        <translation>&lt;b&gt;เคาน์เตอร์นี้&lt;/b&gt;: {desk}</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>ออนไลน์</translation>
    </message>
    <message>
        <source>gone since {t}</source>
        <translation>ออฟไลน์ตั้งแต่ {t}</translation>
    </message>
    <message>
        <source>, {n} claim(s) open</source>
        <translation>, ถือรายการอยู่ {n} รายการ</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>เปิด</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select an event to see its frame.</source>
        <translation>เลือกอีเวนต์เพื่อดูเฟรม</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>อนุมัติ</translation>
    </message>
    <message>
        <source>Approve this pending consumption</source>
        <translation>อนุมัติคอนซัมชันที่รอดำเนินการนี้</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>ปฏิเสธ</translation>
    </message>
    <message>
        <source>Reject this pending consumption</source>
        <translation>ปฏิเสธคอนซัมชันที่รอดำเนินการนี้</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>คัดลอก JSON</translation>
    </message>
    <message>
        <source>Copy the frame as indented JSON</source>
        <translation>คัดลอกเฟรมเป็น JSON แบบจัดย่อหน้า</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>คัดลอกหัวข้อ</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>ต้นไม้</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>ข้อความ</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>The server refused these credentials. Check the key and the secret.</source>
        <translation>เซิร์ฟเวอร์ปฏิเสธข้อมูลรับรองนี้ ตรวจสอบคีย์และข้อมูลลับ</translation>
    </message>
    <message>
        <source>The server no longer accepts these credentials: the token may have expired or been logged out. Enter a new one.</source>
        <translation>เซิร์ฟเวอร์ไม่รับข้อมูลรับรองนี้อีกแล้ว: โทเคนอาจหมดอายุหรือถูกออกจากระบบ ใส่อันใหม่</translation>
    </message>
    <message>
        <source>The server does not know this API key.</source>
        <translation>เซิร์ฟเวอร์ไม่รู้จักคีย์ API นี้</translation>
    </message>
    <message>
        <source>The server does not accept this kind of credential.</source>
        <translation>เซิร์ฟเวอร์ไม่รับข้อมูลรับรองประเภทนี้</translation>
    </message>
    <message>
        <source>The authentication token has expired. Sign in again for a new one.</source>
        <translation>โทเคนยืนยันตัวตนหมดอายุแล้ว ลงชื่อเข้าใช้อีกครั้งเพื่อรับโทเคนใหม่</translation>
    </message>
    <message>
        <source>The server does not know this authentication token.</source>
        <translation>เซิร์ฟเวอร์ไม่รู้จักโทเคนยืนยันตัวตนนี้</translation>
    </message>
    <message>
        <source>The server speaks a different API version.</source>
        <translation>เซิร์ฟเวอร์ใช้ API คนละเวอร์ชัน</translation>
    </message>
    <message>
        <source>These credentials are not allowed to do this.</source>
        <translation>ข้อมูลรับรองนี้ไม่มีสิทธิ์ทำสิ่งนี้</translation>
    </message>
    <message>
        <source>The server hit an internal error and closed the connection.</source>
        <translation>เซิร์ฟเวอร์เกิดข้อผิดพลาดภายในและปิดการเชื่อมต่อ</translation>
    </message>
    <message>
        <source>The server turned the connection down. Check the URL and the credentials.</source>
        <translation>เซิร์ฟเวอร์ไม่รับการเชื่อมต่อ ตรวจสอบ URL และข้อมูลรับรอง</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate could not be verified. Check the CA file, or ask your administrator.</source>
        <translation>ตรวจสอบใบรับรองความปลอดภัยของเซิร์ฟเวอร์ไม่ได้ ตรวจสอบไฟล์ CA หรือสอบถามผู้ดูแลระบบ</translation>
    </message>
    <message>
        <source>Nothing answers at this address. Is the server running, and is the URL right?</source>
        <translation>ไม่มีการตอบรับที่ที่อยู่นี้ เซิร์ฟเวอร์ทำงานอยู่และ URL ถูกต้องหรือไม่?</translation>
    </message>
    <message>
        <source>This server name cannot be found. Check the URL.</source>
        <translation>ไม่พบชื่อเซิร์ฟเวอร์นี้ ตรวจสอบ URL</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>เซิร์ฟเวอร์ไม่ตอบภายในเวลาที่กำหนด</translation>
    </message>
    <message>
        <source>The connection to the server failed.</source>
        <translation>การเชื่อมต่อกับเซิร์ฟเวอร์ล้มเหลว</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>รายละเอียด</translation>
    </message>
    <message>
        <source>Show the technical detail (for support)</source>
        <translation>แสดงรายละเอียดทางเทคนิค (สำหรับฝ่ายสนับสนุน)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>รายละเอียดข้อผิดพลาด</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>เวลา</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>ทิศ</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>หัวข้อ</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>อีเวนต์</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>Ref</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>ผลลัพธ์</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>สรุป</translation>
    </message>
    <message>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>เวลาแฝง</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <source>Any direction</source>
        <translation>ทุกทิศทาง</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>เข้า (ได้รับ)</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>ออก (ส่ง)</translation>
    </message>
    <message>
        <source>Monitor (—)</source>
        <translation>มอนิเตอร์ (—)</translation>
    </message>
    <message>
        <source>Filter text (Ctrl+F)…</source>
        <translation>ข้อความตัวกรอง (Ctrl+F)…</translation>
    </message>
    <message>
        <source>Rows whose topic, event, ref, outcome, summary or consumption id contain this</source>
        <translation>แถวที่หัวข้อ อีเวนต์ ref ผลลัพธ์ สรุป หรือรหัสคอนซัมชันมีข้อความนี้</translation>
    </message>
    <message>
        <source>Treat the filter text as a regular expression</source>
        <translation>ใช้ข้อความตัวกรองเป็นนิพจน์ปกติ</translation>
    </message>
    <message>
        <source>Show only some kinds of rows</source>
        <translation>แสดงเฉพาะแถวบางประเภท</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>ทุกประเภท</translation>
    </message>
    <message>
        <source>Topic contains…</source>
        <translation>หัวข้อมีคำว่า…</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>ทิศทาง</translation>
    </message>
    <message>
        <source>Heartbeats &amp;&amp; replies</source>
        <translation>ฮาร์ตบีตและการตอบกลับ</translation>
    </message>
    <message>
        <source>Show heartbeats and phx_reply frames (a reply carrying an error is always shown)</source>
        <translation>แสดงฮาร์ตบีตและเฟรม phx_reply (การตอบกลับที่มีข้อผิดพลาดจะแสดงเสมอ)</translation>
    </message>
    <message>
        <source>One row per topic</source>
        <translation>หนึ่งแถวต่อหัวข้อ</translation>
    </message>
    <message>
        <source>Show each copy of an event broadcast on several topics as its own row (by default one row lists the event&apos;s topics: user:… +1)</source>
        <translation>แสดงสำเนาแต่ละชุดของอีเวนต์ที่กระจายในหลายหัวข้อเป็นแถวของตัวเอง (ค่าเริ่มต้นคือหนึ่งแถวแสดงรายการหัวข้อของอีเวนต์: user:… +1)</translation>
    </message>
    <message>
        <source>Jump to the newest event and follow again (End)</source>
        <translation>ไปยังอีเวนต์ล่าสุดและติดตามต่อ (End)</translation>
    </message>
    <message>
        <source>Join related topics ({count})</source>
        <translation>เข้าร่วมหัวข้อที่เกี่ยวข้อง ({count})</translation>
    </message>
    <message>
        <source>Join related topics</source>
        <translation>เข้าร่วมหัวข้อที่เกี่ยวข้อง</translation>
    </message>
    <message>
        <source>Copy frame JSON</source>
        <translation>คัดลอก JSON ของเฟรม</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>คัดลอกหัวข้อ</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new event(s) ↓</source>
        <translation>
            <numerusform>อีเวนต์ใหม่ %Ln รายการ ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Kind: {kind}</source>
        <translation>ประเภท: {kind}</translation>
    </message>
    <message numerus="yes">
        <source>%n kinds</source>
        <translation>
            <numerusform>%n ประเภท</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>ข้อความตัวกรอง</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln rows</source>
        <translation>
            <numerusform>{shown} จาก %Ln แถว</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln แถว</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln older dropped</source>
        <translation>
            <numerusform> · ทิ้งแถวเก่า %Ln แถว</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>text “{text}”</source>
        <translation>ข้อความ “{text}”</translation>
    </message>
    <message>
        <source>consumption {id}</source>
        <translation>คอนซัมชัน {id}</translation>
    </message>
    <message>
        <source>topic {topic}</source>
        <translation>หัวข้อ {topic}</translation>
    </message>
    <message>
        <source>event {event}</source>
        <translation>อีเวนต์ {event}</translation>
    </message>
    <message>
        <source>direction {direction}</source>
        <translation>ทิศทาง {direction}</translation>
    </message>
    <message>
        <source>from {time}</source>
        <translation>ตั้งแต่ {time}</translation>
    </message>
    <message>
        <source>until {time}</source>
        <translation>จนถึง {time}</translation>
    </message>
    <message>
        <source>filter {expression}</source>
        <translation>ตัวกรอง {expression}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>every event</source>
        <translation>ทุกอีเวนต์</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>ส่งออก</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>อีเวนต์</translation>
    </message>
    <message>
        <source>Audit trail (operator actions)</source>
        <translation>บันทึกการตรวจสอบ (การกระทำของผู้ปฏิบัติงาน)</translation>
    </message>
    <message>
        <source>Gaps (connection down)</source>
        <translation>ช่วงขาดหาย (การเชื่อมต่อขาด)</translation>
    </message>
    <message>
        <source>Channel states (joined, refused, failed…)</source>
        <translation>สถานะช่อง (เข้าร่วมแล้ว ถูกปฏิเสธ ล้มเหลว…)</translation>
    </message>
    <message>
        <source>NDJSON (one JSON object per line)</source>
        <translation>NDJSON (หนึ่งออบเจ็กต์ JSON ต่อบรรทัด)</translation>
    </message>
    <message>
        <source>Everything stored</source>
        <translation>ทุกอย่างที่เก็บไว้</translation>
    </message>
    <message>
        <source>The current History search</source>
        <translation>การค้นหาปัจจุบันในประวัติ</translation>
    </message>
    <message>
        <source>A time range</source>
        <translation>ช่วงเวลา</translation>
    </message>
    <message>
        <source>From</source>
        <translation>ตั้งแต่</translation>
    </message>
    <message>
        <source>until</source>
        <translation>จนถึง</translation>
    </message>
    <message>
        <source>file to write</source>
        <translation>ไฟล์ที่จะเขียน</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>เลือกไฟล์</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>รูปแบบ</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>ขอบเขต</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ไฟล์</translation>
    </message>
    <message>
        <source>Search in History (Ctrl+Shift+F) first.</source>
        <translation>ค้นหาในประวัติ (Ctrl+Shift+F) ก่อน</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>เลือกไฟล์ที่จะเขียน</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a file name.</source>
        <translation>{path} เป็นโฟลเดอร์ เลือกชื่อไฟล์</translation>
    </message>
    <message>
        <source>There is no History search to export.</source>
        <translation>ไม่มีการค้นหาในประวัติให้ส่งออก</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;until&apos;.</source>
        <translation>&quot;ตั้งแต่&quot; ต้องมาก่อน &quot;จนถึง&quot;</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>กำลังส่งออกไปยัง {path}…</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>แทนที่ไฟล์หรือไม่?</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it with this export?</source>
        <translation>มี {path} อยู่แล้ว แทนที่ด้วยการส่งออกนี้หรือไม่?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>แทนที่</translation>
    </message>
    <message>
        <source>Not exported: {path} was kept.</source>
        <translation>ไม่ได้ส่งออก: เก็บ {path} ไว้ตามเดิม</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln event(s) to {path}</source>
        <translation>
            <numerusform>ส่งออกอีเวนต์ %Ln รายการไปยัง {path} แล้ว</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln audit entry(s) to {path}</source>
        <translation>
            <numerusform>ส่งออกรายการบันทึกการตรวจสอบ %Ln รายการไปยัง {path} แล้ว</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln gap(s) to {path}</source>
        <translation>
            <numerusform>ส่งออกช่วงขาดหาย %Ln รายการไปยัง {path} แล้ว</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln channel state change(s) to {path}</source>
        <translation>
            <numerusform>ส่งออกการเปลี่ยนสถานะช่อง %Ln รายการไปยัง {path} แล้ว</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: {path} was not written ({reason}).</source>
        <translation>ส่งออกล้มเหลว: ไม่ได้เขียน {path} ({reason})</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>ส่งออกไปยัง</translation>
    </message>
    <message>
        <source>NDJSON (*.ndjson)</source>
        <translation>NDJSON (*.ndjson)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>ทุกไฟล์ (*)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History — every stored event</source>
        <translation>ประวัติ — ทุกอีเวนต์ที่เก็บไว้</translation>
    </message>
    <message>
        <source>Stored events</source>
        <translation>อีเวนต์ที่จัดเก็บไว้</translation>
    </message>
    <message>
        <source>The search&apos;s results, newest first</source>
        <translation>ผลการค้นหา เรียงจากใหม่ที่สุด</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>เฟรมแบบต้นไม้</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>JSON ของเฟรมที่เลือก</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>ข้อความของเฟรม</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>เฟรมที่เลือกในรูปแบบข้อความ</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Any direction</source>
        <translation>ทุกทิศทาง</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>เข้า (ได้รับ)</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>ออก (ส่ง)</translation>
    </message>
    <message>
        <source>Text anywhere in the frame (name, id, amount…)</source>
        <translation>ข้อความใดก็ได้ในเฟรม (ชื่อ รหัส จำนวนเงิน…)</translation>
    </message>
    <message>
        <source>exact topic, or a kind such as transaction_request:</source>
        <translation>หัวข้อที่ตรงกันทุกตัว หรือประเภท เช่น transaction_request:</translation>
    </message>
    <message>
        <source>any event</source>
        <translation>อีเวนต์ใดก็ได้</translation>
    </message>
    <message>
        <source>From</source>
        <translation>ตั้งแต่</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>จนถึง</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>ค้นหา</translation>
    </message>
    <message>
        <source>Search every stored event (Enter)</source>
        <translation>ค้นหาทุกอีเวนต์ที่เก็บไว้ (Enter)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
    <message>
        <source>Clear the search fields and show the newest events</source>
        <translation>ล้างช่องค้นหาและแสดงอีเวนต์ล่าสุด</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>ข้อความ</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>คอนซัมชัน</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>หัวข้อ</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>อีเวนต์</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>ทิศทาง</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>ตัวกรอง</translation>
    </message>
    <message>
        <source>Search the stored history, or press Search for the newest.</source>
        <translation>ค้นหาประวัติที่เก็บไว้ หรือกด &quot;ค้นหา&quot; เพื่อดูล่าสุด</translation>
    </message>
    <message>
        <source>Load older…</source>
        <translation>โหลดที่เก่ากว่า…</translation>
    </message>
    <message>
        <source>Load the {count} matching events before these</source>
        <translation>โหลดอีเวนต์ที่ตรงกัน {count} รายการก่อนหน้านี้</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;Until&apos;.</source>
        <translation>&quot;ตั้งแต่&quot; ต้องมาก่อน &quot;จนถึง&quot;</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>กำลังค้นหา…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) found in {ms} ms</source>
        <translation>
            <numerusform>พบอีเวนต์ %Ln รายการใน {ms} มิลลิวินาที</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches (searched in {ms} ms).</source>
        <translation>ไม่พบรายการที่ตรงกัน (ค้นหาใน {ms} มิลลิวินาที)</translation>
    </message>
    <message>
        <source>{added} older loaded in {ms} ms · {total} shown</source>
        <translation>โหลดรายการเก่ากว่า {added} รายการใน {ms} มิลลิวินาที · แสดง {total} รายการ</translation>
    </message>
    <message>
        <source> · older matches: Load older…</source>
        <translation> · มีรายการเก่ากว่าที่ตรงกัน: โหลดที่เก่ากว่า…</translation>
    </message>
    <message>
        <source> · nothing older</source>
        <translation> · ไม่มีที่เก่ากว่า</translation>
    </message>
    <message>
        <source>The history could not be searched: {error}</source>
        <translation>ค้นหาประวัติไม่ได้: {error}</translation>
    </message>
    <message>
        <source>Search failed.</source>
        <translation>การค้นหาล้มเหลว</translation>
    </message>
</context>
<context>
    <name>JsonTreeWidget</name>
    <message>
        <source>Key</source>
        <translation>คีย์</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>ค่า</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>ชนิด</translation>
    </message>
    <message>
        <source>nested deeper than {levels} levels: see Text</source>
        <translation>ซ้อนลึกกว่า {levels} ชั้น: ดูที่ข้อความ</translation>
    </message>
    <message numerus="yes">
        <source>%n more (see Text)</source>
        <translation>
            <numerusform>อีก %n รายการ (ดูที่ข้อความ)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <source>requests/s</source>
        <translation>คำขอ/วินาที</translation>
    </message>
    <message>
        <source>finalized/s</source>
        <translation>สิ้นสุด/วินาที</translation>
    </message>
    <message>
        <source>control/s</source>
        <translation>ควบคุม/วินาที</translation>
    </message>
    <message>
        <source>other/s</source>
        <translation>อื่น ๆ/วินาที</translation>
    </message>
    <message>
        <source>pending (lower plot)</source>
        <translation>รอดำเนินการ (กราฟล่าง)</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>แผนภูมิสด</translation>
    </message>
    <message>
        <source>Last {seconds} s; latest: {values}</source>
        <translation>{seconds} วินาทีล่าสุด; ค่าล่าสุด: {values}</translation>
    </message>
    <message>
        <source>{seconds} s ago</source>
        <translation>{seconds} วินาทีที่แล้ว</translation>
    </message>
    <message>
        <source>now</source>
        <translation>ขณะนี้</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet monitor</translation>
    </message>
    <message>
        <source>eWallet monitor — demo ({mode})</source>
        <translation>eWallet monitor — เดโม ({mode})</translation>
    </message>
    <message>
        <source>Demo server — the credentials are public and every payment is simulated.</source>
        <translation>เซิร์ฟเวอร์เดโม — ข้อมูลรับรองเป็นแบบสาธารณะ และการชำระเงินทุกรายการเป็นการจำลอง</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>ช่อง</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>การเชื่อมต่อ</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>การอนุมัติ</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>แผนภูมิสด</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>บันทึกอีเวนต์</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ไฟล์(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>เชื่อมต่อ(&amp;C)…</translation>
    </message>
    <message>
        <source>Open the connection form</source>
        <translation>เปิดฟอร์มการเชื่อมต่อ</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>ตัดการเชื่อมต่อ(&amp;D)</translation>
    </message>
    <message>
        <source>Close the connection</source>
        <translation>ปิดการเชื่อมต่อ</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>ออก(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>ประวัติ(&amp;H)…</translation>
    </message>
    <message>
        <source>Search every stored event</source>
        <translation>ค้นหาทุกอีเวนต์ที่เก็บไว้</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>ส่งออก(&amp;E)…</translation>
    </message>
    <message>
        <source>Export stored events or the audit trail</source>
        <translation>ส่งออกอีเวนต์ที่เก็บไว้หรือบันทึกการตรวจสอบ</translation>
    </message>
    <message>
        <source>&amp;Import profiles…</source>
        <translation>นำเข้าโปรไฟล์(&amp;I)…</translation>
    </message>
    <message>
        <source>Add connection profiles from a JSON file (secrets are never in it)</source>
        <translation>เพิ่มโปรไฟล์การเชื่อมต่อจากไฟล์ JSON (ไม่มีข้อมูลลับอยู่ในไฟล์)</translation>
    </message>
    <message>
        <source>Export &amp;profiles…</source>
        <translation>ส่งออกโปรไฟล์(&amp;P)…</translation>
    </message>
    <message>
        <source>Write the connection profiles to a JSON file, without secrets</source>
        <translation>เขียนโปรไฟล์การเชื่อมต่อลงไฟล์ JSON โดยไม่มีข้อมูลลับ</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>การอนุมัติ(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Approve selected</source>
        <translation>อนุมัติรายการที่เลือก(&amp;A)</translation>
    </message>
    <message>
        <source>Approve the selected payment (or the first waiting)</source>
        <translation>อนุมัติการชำระเงินที่เลือก (หรือรายการแรกที่รออยู่)</translation>
    </message>
    <message>
        <source>&amp;Reject selected</source>
        <translation>ปฏิเสธรายการที่เลือก(&amp;R)</translation>
    </message>
    <message>
        <source>Reject the selected payment (or the first waiting)</source>
        <translation>ปฏิเสธการชำระเงินที่เลือก (หรือรายการแรกที่รออยู่)</translation>
    </message>
    <message>
        <source>&amp;Go to the most urgent payment</source>
        <translation>ไปยังการชำระเงินที่เร่งด่วนที่สุด(&amp;G)</translation>
    </message>
    <message>
        <source>The most urgent payment out of view comes into focus; then A approves, R rejects</source>
        <translation>การชำระเงินที่เร่งด่วนที่สุดที่อยู่นอกมุมมองจะได้รับโฟกัส จากนั้นกด A เพื่ออนุมัติ R เพื่อปฏิเสธ</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>ปิดเสียงการแจ้งเตือน(&amp;M)</translation>
    </message>
    <message>
        <source>Move settled cards to &amp;history</source>
        <translation>ย้ายการ์ดที่สิ้นสุดแล้วไปยังประวัติ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>มุมมอง(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Cashier layout</source>
        <translation>เลย์เอาต์แคชเชียร์(&amp;C)</translation>
    </message>
    <message>
        <source>Payments first; the rest hidden</source>
        <translation>การชำระเงินมาก่อน ส่วนอื่นซ่อนไว้</translation>
    </message>
    <message>
        <source>&amp;Operator layout</source>
        <translation>เลย์เอาต์ผู้ปฏิบัติงาน(&amp;O)</translation>
    </message>
    <message>
        <source>The event log with every panel</source>
        <translation>บันทึกอีเวนต์พร้อมทุกแผง</translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation>การเชื่อมต่อ(&amp;N)</translation>
    </message>
    <message>
        <source>Channe&amp;ls</source>
        <translation>ช่อง(&amp;L)</translation>
    </message>
    <message>
        <source>A&amp;pprovals</source>
        <translation>การอนุมัติ(&amp;P)</translation>
    </message>
    <message>
        <source>Live char&amp;t</source>
        <translation>แผนภูมิสด(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Event log</source>
        <translation>บันทึกอีเวนต์(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Go to the event log</source>
        <translation>ไปที่บันทึกอีเวนต์(&amp;G)</translation>
    </message>
    <message>
        <source>The keyboard goes to the events table (the detail pane follows the arrows)</source>
        <translation>แป้นพิมพ์ไปที่ตารางอีเวนต์ (แผงรายละเอียดเปลี่ยนตามปุ่มลูกศร)</translation>
    </message>
    <message>
        <source>Follo&amp;w the newest events</source>
        <translation>ติดตามอีเวนต์ล่าสุด(&amp;W)</translation>
    </message>
    <message>
        <source>Show &amp;heartbeats and replies</source>
        <translation>แสดงฮาร์ตบีตและการตอบกลับ(&amp;H)</translation>
    </message>
    <message>
        <source>Show protocol housekeeping rows in the event log</source>
        <translation>แสดงแถวงานดูแลของโปรโตคอลในบันทึกอีเวนต์</translation>
    </message>
    <message>
        <source>&amp;Filter events</source>
        <translation>กรองอีเวนต์(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ช่วยเหลือ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>เกี่ยวกับ(&amp;A)</translation>
    </message>
    <message>
        <source>The profiles in {file} could not be imported.</source>
        <translation>นำเข้าโปรไฟล์ใน {file} ไม่ได้</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from {path}</source>
        <translation>
            <numerusform>นำเข้าโปรไฟล์ %n รายการจาก {path} แล้ว</numerusform>
        </translation>
    </message>
    <message>
        <source>The profiles could not be written to {path}.</source>
        <translation>เขียนโปรไฟล์ลงใน {path} ไม่ได้</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) to {path} (no secrets)</source>
        <translation>
            <numerusform>ส่งออกโปรไฟล์ %n รายการไปยัง {path} แล้ว (ไม่มีข้อมูลลับ)</numerusform>
        </translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>นำเข้าโปรไฟล์</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>โปรไฟล์ (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>ทุกไฟล์ (*)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>ส่งออกโปรไฟล์</translation>
    </message>
    <message>
        <source>Written to the log file {path}</source>
        <translation>เขียนลงไฟล์บันทึก {path} แล้ว</translation>
    </message>
    <message>
        <source>Unexpected error ({source}): {summary} — the monitor keeps running; Details has the report for support.</source>
        <translation>ข้อผิดพลาดที่ไม่คาดคิด ({source}): {summary} — มอนิเตอร์ยังทำงานต่อ ดูรายงานสำหรับฝ่ายสนับสนุนได้ที่ &quot;รายละเอียด&quot;</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer} waiting, {countdown}</source>
        <translation>การชำระเงิน {amount} จาก {customer} รออยู่, {countdown}</translation>
    </message>
    <message>
        <source>{outcome}: {amount} from {customer}</source>
        <translation>{outcome}: {amount} จาก {customer}</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>อีเวนต์</translation>
    </message>
    <message>
        <source>Every frame received, oldest first</source>
        <translation>ทุกเฟรมที่ได้รับ เรียงจากเก่าที่สุด</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>เฟรมแบบต้นไม้</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>JSON ของเฟรมที่เลือก</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>ข้อความของเฟรม</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>เฟรมที่เลือกในรูปแบบข้อความ</translation>
    </message>
    <message>
        <source>Joined channels and their state</source>
        <translation>ช่องที่เข้าร่วมและสถานะ</translation>
    </message>
    <message>
        <source>Payments waiting</source>
        <translation>การชำระเงินที่รออยู่</translation>
    </message>
    <message>
        <source>Most urgent first</source>
        <translation>เร่งด่วนที่สุดก่อน</translation>
    </message>
    <message>
        <source>Decided payments</source>
        <translation>การชำระเงินที่ตัดสินแล้ว</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>ใหม่ที่สุดก่อน</translation>
    </message>
    <message>
        <source>The shared database cannot be reached, so this desk cannot claim the payment: another desk may decide it at the same moment. {verb} it unclaimed?</source>
        <translation>ติดต่อฐานข้อมูลที่ใช้ร่วมกันไม่ได้ เคาน์เตอร์นี้จึงจองการชำระเงินไม่ได้: เคาน์เตอร์อื่นอาจตัดสินรายการเดียวกันในเวลาเดียวกัน {verb} โดยไม่จองหรือไม่?</translation>
    </message>
    <message>
        <source>Take over this payment</source>
        <translation>รับช่วงการชำระเงินนี้</translation>
    </message>
    <message>
        <source>This payment is {holder}. Why do you take it over? The reason is kept in the audit trail.</source>
        <translation>การชำระเงินนี้{holder} เหตุใดจึงรับช่วงต่อ? เหตุผลจะถูกบันทึกไว้ในประวัติการตรวจสอบ</translation>
    </message>
    <message>
        <source>held by another desk</source>
        <translation>ถูกถือโดยเคาน์เตอร์อื่น</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>รับช่วงต่อ</translation>
    </message>
    <message>
        <source>Not taken over: a reason is needed.</source>
        <translation>ไม่ได้รับช่วง: ต้องระบุเหตุผล</translation>
    </message>
    <message>
        <source>This consumption can no longer be approved or rejected.</source>
        <translation>คอนซัมชันนี้อนุมัติหรือปฏิเสธไม่ได้อีกแล้ว</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: approve it there.</source>
        <translation>การชำระเงินได้รับโฟกัสในแผงการอนุมัติแล้ว: อนุมัติที่นั่น</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: reject it there.</source>
        <translation>การชำระเงินได้รับโฟกัสในแผงการอนุมัติแล้ว: ปฏิเสธที่นั่น</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) waiting for your decision. Quit anyway?</source>
        <translation>
            <numerusform>มีการชำระเงิน %n รายการรอการตัดสินใจของคุณ ออกจากโปรแกรมหรือไม่?</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers are waiting at the counter: undecided payments expire on the server.</source>
        <translation>ลูกค้ากำลังรออยู่ที่เคาน์เตอร์: การชำระเงินที่ยังไม่ได้ตัดสินจะหมดอายุบนเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>ออกต่อไป</translation>
    </message>
</context>
<context>
    <name>MonitorController</name>
    <message>
        <source>These connection settings cannot be used.</source>
        <translation>ใช้การตั้งค่าการเชื่อมต่อนี้ไม่ได้</translation>
    </message>
    <message>
        <source>This server address cannot be used.</source>
        <translation>ใช้ที่อยู่เซิร์ฟเวอร์นี้ไม่ได้</translation>
    </message>
    <message>
        <source>A received event could not be shown.</source>
        <translation>แสดงอีเวนต์ที่ได้รับไม่ได้</translation>
    </message>
    <message>
        <source>Events are no longer saved to the history.</source>
        <translation>อีเวนต์ไม่ได้ถูกบันทึกลงประวัติแล้ว</translation>
    </message>
    <message>
        <source>Something went wrong in the background.</source>
        <translation>เกิดข้อผิดพลาดเบื้องหลัง</translation>
    </message>
</context>
<context>
    <name>MonitorStatusBar</name>
    <message>
        <source>● Offline</source>
        <translation>● ออฟไลน์</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● กำลังเชื่อมต่อ…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● เชื่อมต่อแล้ว</translation>
    </message>
    <message>
        <source>● Reconnecting</source>
        <translation>● กำลังเชื่อมต่อใหม่</translation>
    </message>
    <message>
        <source>● Refused</source>
        <translation>● ถูกปฏิเสธ</translation>
    </message>
    <message>
        <source>heartbeat —</source>
        <translation>ฮาร์ตบีต —</translation>
    </message>
    <message>
        <source>⚠ TLS verification OFF</source>
        <translation>⚠ ปิดการตรวจสอบ TLS</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not checked: anyone on the network path could pretend to be the server. Use only for testing.</source>
        <translation>ไม่ได้ตรวจสอบใบรับรองของเซิร์ฟเวอร์: ใครก็ตามบนเส้นทางเครือข่ายอาจแอบอ้างเป็นเซิร์ฟเวอร์ได้ ใช้สำหรับการทดสอบเท่านั้น</translation>
    </message>
    <message>
        <source>DEMO SERVER</source>
        <translation>เซิร์ฟเวอร์เดโม</translation>
    </message>
    <message>
        <source>Connected to the built-in simulator, not a real eWallet</source>
        <translation>เชื่อมต่อกับเครื่องจำลองในตัว ไม่ใช่ eWallet จริง</translation>
    </message>
    <message>
        <source>Sound: unavailable — {reason}</source>
        <translation>เสียง: ใช้ไม่ได้ — {reason}</translation>
    </message>
    <message>
        <source>{problem}. Cards pulse instead.</source>
        <translation>{problem} การ์ดจะกะพริบแทน</translation>
    </message>
    <message>
        <source>The shared history database (PostgreSQL) cannot be reached: every event is kept in a local spool in the data folder and written to the database, in order and once each, when it answers again. Claims cannot be taken meanwhile. Last error: {error}.</source>
        <translation>ติดต่อฐานข้อมูลประวัติที่ใช้ร่วมกัน (PostgreSQL) ไม่ได้: ทุกอีเวนต์จะถูกเก็บไว้ในที่พักข้อมูลภายในโฟลเดอร์ข้อมูล และเขียนลงฐานข้อมูลตามลำดับ ครั้งละหนึ่งรายการ เมื่อฐานข้อมูลตอบกลับอีกครั้ง ระหว่างนี้รับงานไม่ได้ ข้อผิดพลาดล่าสุด: {error}</translation>
    </message>
    <message>
        <source>⚠ History not saving — retrying</source>
        <translation>⚠ ประวัติไม่ได้บันทึก — กำลังลองใหม่</translation>
    </message>
    <message>
        <source>The event history cannot be written: {error}. Events are kept and written as soon as the database accepts them (another program may be holding it, or the disk may be full).</source>
        <translation>เขียนประวัติอีเวนต์ไม่ได้: {error} อีเวนต์จะถูกเก็บไว้และเขียนทันทีที่ฐานข้อมูลรับ (อาจมีโปรแกรมอื่นใช้อยู่ หรือดิสก์อาจเต็ม)</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n event(s) not saved</source>
        <translation>
            <numerusform>⚠ อีเวนต์ %n รายการไม่ได้บันทึก</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored in the history at all; each one is described in the log.</source>
        <translation>
            <numerusform>อีเวนต์ %n รายการเก็บลงประวัติไม่ได้เลย แต่ละรายการมีคำอธิบายในไฟล์บันทึก</numerusform>
        </translation>
    </message>
    <message>
        <source>heartbeat {ms} ms</source>
        <translation>ฮาร์ตบีต {ms} มิลลิวินาที</translation>
    </message>
    <message>
        <source>{rate} events/s</source>
        <translation>{rate} อีเวนต์/วินาที</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>รออยู่ %n รายการ</numerusform>
        </translation>
    </message>
    <message>
        <source>● Reconnecting in {seconds} s</source>
        <translation>● เชื่อมต่อใหม่ในอีก {seconds} วินาที</translation>
    </message>
    <message>
        <source>● Refused: {reason}</source>
        <translation>● ถูกปฏิเสธ: {reason}</translation>
    </message>
    <message>
        <source>● Connected to {url}</source>
        <translation>● เชื่อมต่อกับ {url} แล้ว</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Payment confirmed</source>
        <translation>ยืนยันการชำระเงินแล้ว</translation>
    </message>
    <message>
        <source>Payment rejected</source>
        <translation>ปฏิเสธการชำระเงินแล้ว</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>การชำระเงินล้มเหลว</translation>
    </message>
    <message>
        <source>Payment expired</source>
        <translation>การชำระเงินหมดอายุ</translation>
    </message>
    <message>
        <source>Payment cancelled by the customer</source>
        <translation>ลูกค้ายกเลิกการชำระเงิน</translation>
    </message>
    <message>
        <source>Payment can no longer be decided</source>
        <translation>การชำระเงินตัดสินใจไม่ได้อีกแล้ว</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet monitor</translation>
    </message>
    <message>
        <source>Payment waiting for approval</source>
        <translation>การชำระเงินรอการอนุมัติ</translation>
    </message>
    <message>
        <source>{amount} from {customer}</source>
        <translation>{amount} จาก {customer}</translation>
    </message>
    <message>
        <source>{outcome}: {amount}</source>
        <translation>{outcome}: {amount}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>จาก {customer}</translation>
    </message>
    <message>
        <source>Payment waiting: {amount}</source>
        <translation>การชำระเงินรออยู่: {amount}</translation>
    </message>
</context>
<context>
    <name>OperatorTools</name>
    <message>
        <source>Colouring &amp;rules…</source>
        <translation>กฎการระบายสี(&amp;R)…</translation>
    </message>
    <message>
        <source>Colour rows of the log and History by filter expressions (this profile&apos;s rules)</source>
        <translation>ระบายสีแถวของบันทึกและประวัติตามนิพจน์ตัวกรอง (กฎของโปรไฟล์นี้)</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>ความผิดปกติ</translation>
    </message>
    <message>
        <source>Anomal&amp;ies</source>
        <translation>ความผิดปกติ(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>สถิติ(&amp;S)…</translation>
    </message>
    <message>
        <source>Counts, volumes, failures and approval times per operator, from the history</source>
        <translation>จำนวน ปริมาณ ความล้มเหลว และเวลาอนุมัติของผู้ปฏิบัติงานแต่ละคน จากประวัติ</translation>
    </message>
    <message>
        <source>Its rows are no longer in the log, or the filter hides them (History has every stored event)</source>
        <translation>แถวเหล่านั้นไม่อยู่ในบันทึกแล้ว หรือถูกตัวกรองซ่อนไว้ (ประวัติมีทุกอีเวนต์ที่เก็บไว้)</translation>
    </message>
</context>
<context>
    <name>ProfileBook</name>
    <message>
        <source>The URL&apos;s query holds credentials; put them in the credential fields.</source>
        <translation>คิวรีของ URL มีข้อมูลรับรองอยู่ ให้ใส่ไว้ในช่องข้อมูลรับรองแทน</translation>
    </message>
    <message>
        <source>A profile needs a name.</source>
        <translation>โปรไฟล์ต้องมีชื่อ</translation>
    </message>
    <message>
        <source>A profile name must not start or end with blanks.</source>
        <translation>ชื่อโปรไฟล์ต้องไม่ขึ้นต้นหรือลงท้ายด้วยช่องว่าง</translation>
    </message>
    <message>
        <source>A profile name is at most 100 characters.</source>
        <translation>ชื่อโปรไฟล์ยาวได้ไม่เกิน 100 ตัวอักษร</translation>
    </message>
    <message>
        <source>A profile name must be on one line.</source>
        <translation>ชื่อโปรไฟล์ต้องอยู่ในบรรทัดเดียว</translation>
    </message>
    <message>
        <source>There is no profile named {name}.</source>
        <translation>ไม่มีโปรไฟล์ชื่อ {name}</translation>
    </message>
    <message>
        <source>A profile named {name} exists already.</source>
        <translation>มีโปรไฟล์ชื่อ {name} อยู่แล้ว</translation>
    </message>
    <message>
        <source>{file} is not JSON: {error}</source>
        <translation>{file} ไม่ใช่ JSON: {error}</translation>
    </message>
    <message>
        <source>{file} is not an ewallet-monitor profiles file.</source>
        <translation>{file} ไม่ใช่ไฟล์โปรไฟล์ของ ewallet-monitor</translation>
    </message>
    <message>
        <source>{file} has no list of profiles.</source>
        <translation>{file} ไม่มีรายการโปรไฟล์</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>เลิกทำ(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>ทำซ้ำ(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>ตัด(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>คัดลอก(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>วาง(&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>เลือกทั้งหมด</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>ตกลง</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>ยกเลิก</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>บันทึก</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>เปิด</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>ปิด</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>ใช้</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>รีเซ็ต</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>ช่วยเหลือ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>ละทิ้ง</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>ใช่(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>ไม่(&amp;N)</translation>
    </message>
</context>
<context>
    <name>QueryBar</name>
    <message>
        <source>Expression: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</source>
        <translation>นิพจน์: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</translation>
    </message>
    <message>
        <source>Fields: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
Operators: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</source>
        <translation>ฟิลด์: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
ตัวดำเนินการ: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>ตัวกรองที่บันทึกไว้</translation>
    </message>
    <message>
        <source>No saved filters</source>
        <translation>ไม่มีตัวกรองที่บันทึกไว้</translation>
    </message>
    <message>
        <source>Save this filter as…</source>
        <translation>บันทึกตัวกรองนี้เป็น…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ลบ</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>บันทึกตัวกรอง</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>ชื่อของตัวกรองนี้:</translation>
    </message>
</context>
<context>
    <name>SecondsField</name>
    <message>
        <source>{low}–{high} s</source>
        <translation>{low}–{high} วินาที</translation>
    </message>
    <message>
        <source>The value</source>
        <translation>ค่า</translation>
    </message>
    <message>
        <source>{name} is empty: enter {range}.</source>
        <translation>{name} ว่างอยู่: ใส่ {range}</translation>
    </message>
    <message>
        <source>{name} must be a number of seconds ({range}), not {text}.</source>
        <translation>{name} ต้องเป็นจำนวนวินาที ({range}) ไม่ใช่ {text}</translation>
    </message>
    <message>
        <source>{name} must be {range}; {text} s is outside that range.</source>
        <translation>{name} ต้องอยู่ในช่วง {range} แต่ {text} วินาทีอยู่นอกช่วง</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <source>Statistics</source>
        <translation>สถิติ</translation>
    </message>
    <message>
        <source>From</source>
        <translation>ตั้งแต่</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>จนถึง</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>คำนวณ(&amp;C)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>กำลังคำนวณ…</translation>
    </message>
    <message>
        <source>Computed in {seconds} s</source>
        <translation>คำนวณใน {seconds} วินาที</translation>
    </message>
    <message>
        <source>The statistics could not be read: {error}</source>
        <translation>อ่านสถิติไม่ได้: {error}</translation>
    </message>
    <message>
        <source>the start</source>
        <translation>จุดเริ่มต้น</translation>
    </message>
    <message>
        <source>now</source>
        <translation>ขณะนี้</translation>
    </message>
    <message>
        <source>token</source>
        <translation>โทเคน</translation>
    </message>
    <message>
        <source>status</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>count</source>
        <translation>จำนวน</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>ปริมาณ</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>ตั้งแต่ {start} ถึง {end}</translation>
    </message>
    <message>
        <source>expiries: {count}</source>
        <translation>หมดอายุ: {count}</translation>
    </message>
    <message>
        <source>failures by reason:</source>
        <translation>ความล้มเหลวตามเหตุผล:</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(ไม่มีรหัส)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ไม่มี</translation>
    </message>
    <message>
        <source>approval time, request to decision:</source>
        <translation>เวลาอนุมัติ จากคำขอถึงการตัดสินใจ:</translation>
    </message>
    <message>
        <source>os user</source>
        <translation>ผู้ใช้ระบบ</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>โปรไฟล์</translation>
    </message>
    <message>
        <source>decisions</source>
        <translation>การตัดสินใจ</translation>
    </message>
    <message>
        <source>max</source>
        <translation>สูงสุด</translation>
    </message>
    <message>
        <source>no decisions</source>
        <translation>ไม่มีการตัดสินใจ</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} วินาที</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>eWallet monitor — supervisor — {where}</source>
        <translation>eWallet monitor — ผู้ควบคุม — {where}</translation>
    </message>
    <message>
        <source>Reading the shared store…</source>
        <translation>กำลังอ่านที่เก็บข้อมูลที่ใช้ร่วมกัน…</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>เคาน์เตอร์</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ผู้ใช้</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>คอนซัมชัน</translation>
    </message>
    <message>
        <source>State</source>
        <translation>สถานะ</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>การกระทำ</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>จำนวนเงิน</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>โฮสต์</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>ประเภท</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>สัญญาณล่าสุด</translation>
    </message>
    <message>
        <source>Open claims</source>
        <translation>รายการที่ถืออยู่</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>ตั้งแต่</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>รับที่</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>ถือโดย</translation>
    </message>
    <message>
        <source>Taken over from</source>
        <translation>รับช่วงจาก</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>เหตุผล</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>เวลา</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>คำตอบ</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>ผลลัพธ์</translation>
    </message>
    <message>
        <source>Desks</source>
        <translation>เคาน์เตอร์</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>รออยู่</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>การถือรายการ</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>คำตัดสิน</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>สถิติ</translation>
    </message>
    <message>
        <source>{desks} desks alive · {waiting} payments waiting · {claims} claimed ({deciding} deciding) · read {at}</source>
        <translation>เคาน์เตอร์ออนไลน์ {desks} · รอชำระเงิน {waiting} รายการ · ถืออยู่ {claims} ({deciding} กำลังตัดสิน) · อ่านเมื่อ {at}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>หยุดแล้ว</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>ออนไลน์</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>ออฟไลน์</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Cashier</source>
        <translation>แคชเชียร์</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>ผู้ปฏิบัติงาน</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>not installed</source>
        <translation>ไม่ได้ติดตั้ง</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet monitor</translation>
    </message>
    <message>
        <source>Watch eWallet websocket channels live, and approve or reject payments that need a cashier&apos;s confirmation.</source>
        <translation>ดูช่อง websocket ของ eWallet แบบสด และอนุมัติหรือปฏิเสธการชำระเงินที่ต้องให้แคชเชียร์ยืนยัน</translation>
    </message>
    <message>
        <source>Licensed under Apache-2.0.</source>
        <translation>เผยแพร่ภายใต้สัญญาอนุญาต Apache-2.0</translation>
    </message>
    <message>
        <source>About eWallet monitor</source>
        <translation>เกี่ยวกับ eWallet monitor</translation>
    </message>
</context>
<context>
    <name>accessibility</name>
    <message>
        <source>Clear</source>
        <translation>ล้าง</translation>
    </message>
</context>
<context>
    <name>protocol</name>
    <message>
        <source>waiting for you</source>
        <translation>รอคุณ</translation>
    </message>
    <message>
        <source>approving…</source>
        <translation>กำลังอนุมัติ…</translation>
    </message>
    <message>
        <source>rejecting…</source>
        <translation>กำลังปฏิเสธ…</translation>
    </message>
    <message>
        <source>not done — try again</source>
        <translation>ยังไม่สำเร็จ — ลองอีกครั้ง</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>ไม่ทราบผล</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>ยืนยันแล้ว</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>ปฏิเสธแล้ว</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>ล้มเหลว</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>หมดอายุ</translation>
    </message>
    <message>
        <source>cancelled by the customer</source>
        <translation>ลูกค้ายกเลิก</translation>
    </message>
    <message>
        <source>request used up</source>
        <translation>คำขอถูกใช้ครบแล้ว</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>บัญชี</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ที่อยู่</translation>
    </message>
    <message>
        <source>Transaction request</source>
        <translation>คำขอธุรกรรม</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>คอนซัมชัน</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ผู้ใช้</translation>
    </message>
    <message>
        <source>The server says it expired before the decision.</source>
        <translation>เซิร์ฟเวอร์แจ้งว่าหมดอายุก่อนการตัดสินใจ</translation>
    </message>
    <message>
        <source>The customer cancelled it before the decision.</source>
        <translation>ลูกค้ายกเลิกก่อนการตัดสินใจ</translation>
    </message>
    <message>
        <source>The request reached its maximum number of consumptions: the server refuses to approve or reject this one.</source>
        <translation>คำขอมีจำนวนคอนซัมชันถึงขีดสูงสุดแล้ว: เซิร์ฟเวอร์ไม่ยอมอนุมัติหรือปฏิเสธรายการนี้</translation>
    </message>
    <message>
        <source>Not verified since the outage: while the connection was down it may have been approved, rejected or cancelled elsewhere, and these credentials cannot read it.</source>
        <translation>ยังไม่ได้ตรวจสอบตั้งแต่การเชื่อมต่อขาด: ระหว่างที่ขาดการเชื่อมต่อ รายการนี้อาจถูกอนุมัติ ปฏิเสธ หรือยกเลิกที่อื่น และข้อมูลรับรองนี้อ่านสถานะไม่ได้</translation>
    </message>
    <message>
        <source>The server does not check that a consumption is still pending: approving one that was rejected meanwhile pays it; rejecting one that was confirmed records it rejected although the money moved.</source>
        <translation>เซิร์ฟเวอร์ไม่ได้ตรวจว่าคอนซัมชันยังรอดำเนินการอยู่: การอนุมัติรายการที่ถูกปฏิเสธไปแล้วในระหว่างนั้นจะทำให้มีการชำระเงิน การปฏิเสธรายการที่ยืนยันแล้วจะบันทึกว่าปฏิเสธทั้งที่เงินโอนไปแล้ว</translation>
    </message>
    <message>
        <source>The request expired before it was approved.</source>
        <translation>คำขอหมดอายุก่อนได้รับการอนุมัติ</translation>
    </message>
    <message>
        <source>The answer to the last &apos;{action}&apos; never came: it may have gone through.</source>
        <translation>ไม่เคยได้รับคำตอบของ &apos;{action}&apos; ครั้งล่าสุด: อาจดำเนินการไปแล้ว</translation>
    </message>
    <message>
        <source>Checked with the server: still pending. &apos;{action}&apos; may be tried again.</source>
        <translation>ตรวจกับเซิร์ฟเวอร์แล้ว: ยังรอดำเนินการ ลอง &apos;{action}&apos; อีกครั้งได้</translation>
    </message>
    <message>
        <source>Could not verify with the server: {reason}</source>
        <translation>ตรวจสอบกับเซิร์ฟเวอร์ไม่ได้: {reason}</translation>
    </message>
    <message>
        <source>The server failed while handling &apos;{action}&apos; (HTTP {status}, {reason}): it may or may not have gone through.</source>
        <translation>เซิร์ฟเวอร์ล้มเหลวระหว่างจัดการ &apos;{action}&apos; (HTTP {status}, {reason}): อาจดำเนินการไปแล้วหรือไม่ก็ได้</translation>
    </message>
    <message>
        <source>Could not {action}: {reason}</source>
        <translation>{action}ไม่ได้: {reason}</translation>
    </message>
    <message>
        <source>No answer from the server to &apos;{action}&apos;: it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>เซิร์ฟเวอร์ไม่ตอบ &apos;{action}&apos;: อาจดำเนินการไปแล้ว กำลังรอการยืนยันจากเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>The connection broke during &apos;{action}&apos; ({reason}): it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>การเชื่อมต่อขาดระหว่าง &apos;{action}&apos; ({reason}): อาจดำเนินการไปแล้ว กำลังรอการยืนยันจากเซิร์ฟเวอร์</translation>
    </message>
    <message>
        <source>Could not reach the server to {action}: {reason}</source>
        <translation>ติดต่อเซิร์ฟเวอร์เพื่อ{action}ไม่ได้: {reason}</translation>
    </message>
    <message>
        <source>History database unreachable — spooling locally ({count} events)</source>
        <translation>ติดต่อฐานข้อมูลประวัติไม่ได้ — เก็บไว้ในเครื่องก่อน ({count} อีเวนต์)</translation>
    </message>
    <message>
        <source>History database back — writing back {count} spooled events</source>
        <translation>ฐานข้อมูลประวัติกลับมาแล้ว — กำลังเขียนอีเวนต์ที่เก็บไว้ {count} รายการกลับคืน</translation>
    </message>
    <message>
        <source>approve</source>
        <translation>อนุมัติ</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>ปฏิเสธ</translation>
    </message>
</context>
</TS>
