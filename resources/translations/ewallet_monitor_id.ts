<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id">
<context>
    <name>AddChannelDialog</name>
    <message>
        <source>usr_01cbfg9qtdken61agxhx6wvj9h or a provider user id</source>
        <translation>usr_01cbfg9qtdken61agxhx6wvj9h atau ID pengguna penyedia</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>Tambah kanal</translation>
    </message>
    <message>
        <source>Type the id, or paste a whole topic such as transaction_request:txr_…</source>
        <translation>Ketik ID, atau tempel topik lengkap seperti transaction_request:txr_…</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>Gabung</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>Jenis:</translation>
    </message>
    <message>
        <source>Id or topic:</source>
        <translation>ID atau topik:</translation>
    </message>
    <message>
        <source>Enter a {kind} id.</source>
        <translation>Masukkan ID {kind}.</translation>
    </message>
    <message>
        <source>{topic} is already in the channel list (use Rejoin).</source>
        <translation>{topic} sudah ada di daftar kanal (gunakan Gabung ulang).</translation>
    </message>
    <message>
        <source>Will join {topic}</source>
        <translation>Akan bergabung ke {topic}</translation>
    </message>
    <message>
        <source>(not the current server&apos;s id form; fine for older servers)</source>
        <translation>(bukan bentuk ID server saat ini; tidak masalah untuk server lama)</translation>
    </message>
</context>
<context>
    <name>AmountLabel</name>
    <message>
        <source>Copy amount</source>
        <translation>Salin jumlah</translation>
    </message>
</context>
<context>
    <name>AnomaliesView</name>
    <message>
        <source>Anomalies</source>
        <translation>Anomali</translation>
    </message>
    <message>
        <source>Problems of this session; activate one to jump to its rows in the event log</source>
        <translation>Masalah sesi ini; aktifkan satu untuk melompat ke barisnya di log peristiwa</translation>
    </message>
    <message>
        <source>No anomalies so far.</source>
        <translation>Belum ada anomali.</translation>
    </message>
</context>
<context>
    <name>AnomalyModel</name>
    <message>
        <source>Last</source>
        <translation>Terakhir</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Apa</translation>
    </message>
    <message numerus="yes">
        <source>first {time}; %n log row(s) — activate to jump to them</source>
        <translation>
            <numerusform>pertama {time}; %n baris log — aktifkan untuk melompat ke sana</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalCardWidget</name>
    <message>
        <source>Ctrl+Enter, or A when the queue has focus</source>
        <translation>Ctrl+Enter, atau A saat antrean difokuskan</translation>
    </message>
    <message>
        <source>Ctrl+Backspace, or R when the queue has focus</source>
        <translation>Ctrl+Backspace, atau R saat antrean difokuskan</translation>
    </message>
    <message>
        <source>✓ Confirmed</source>
        <translation>✓ Dikonfirmasi</translation>
    </message>
    <message>
        <source>✗ Rejected</source>
        <translation>✗ Ditolak</translation>
    </message>
    <message>
        <source>Cancelled by the customer</source>
        <translation>Dibatalkan oleh pelanggan</translation>
    </message>
    <message>
        <source>✗ Failed</source>
        <translation>✗ Gagal</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Kedaluwarsa</translation>
    </message>
    <message>
        <source>✗ Cannot be decided</source>
        <translation>✗ Tidak dapat diputuskan</translation>
    </message>
    <message>
        <source>Take over…</source>
        <translation>Ambil alih…</translation>
    </message>
    <message>
        <source>Decide this payment here instead (asks why; kept in the audit trail)</source>
        <translation>Putuskan pembayaran ini di sini (alasan ditanyakan; dicatat di jejak audit)</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <source>Approve this payment ({keys})</source>
        <translation>Setujui pembayaran ini ({keys})</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <source>Reject this payment ({keys})</source>
        <translation>Tolak pembayaran ini ({keys})</translation>
    </message>
    <message>
        <source>Yes, approve</source>
        <translation>Ya, setujui</translation>
    </message>
    <message>
        <source>Approve now (Enter)</source>
        <translation>Setujui sekarang (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Do not approve (Esc)</source>
        <translation>Jangan setujui (Esc)</translation>
    </message>
    <message>
        <source>wallet {address}</source>
        <translation>dompet {address}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>Dibuat {time}</translation>
    </message>
    <message>
        <source>Request {id}</source>
        <translation>Permintaan {id}</translation>
    </message>
    <message>
        <source>Consumption {id}</source>
        <translation>Konsumsi {id}</translation>
    </message>
    <message>
        <source>⚑ This payment is {holder}.</source>
        <translation>⚑ Pembayaran ini {holder}.</translation>
    </message>
    <message>
        <source>Past its expiration time by this computer&apos;s clock. The server decides: it may still take an answer until it marks the request expired.</source>
        <translation>Sudah lewat waktu kedaluwarsa menurut jam komputer ini. Server yang memutuskan: server mungkin masih menerima jawaban sampai menandai permintaan kedaluwarsa.</translation>
    </message>
    <message>
        <source>Yes, reject</source>
        <translation>Ya, tolak</translation>
    </message>
    <message>
        <source>Reject now (Enter)</source>
        <translation>Tolak sekarang (Enter)</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Menyetujui…</translation>
    </message>
    <message>
        <source>Rejecting…</source>
        <translation>Menolak…</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>Belum terlaksana</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>Hasil tidak diketahui</translation>
    </message>
    <message>
        <source>Not verified since the outage</source>
        <translation>Belum diverifikasi sejak gangguan</translation>
    </message>
    <message>
        <source>Waiting for you</source>
        <translation>Menunggu Anda</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>Dipulihkan</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive here until it is back.</source>
        <translation>Koneksi langsung terputus: konfirmasi server tidak dapat tiba di sini sampai koneksi kembali.</translation>
    </message>
    <message>
        <source>Fetched from the server after a reconnect (not seen live).</source>
        <translation>Diambil dari server setelah tersambung ulang (tidak terlihat langsung).</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer}</source>
        <translation>Pembayaran {amount} dari {customer}</translation>
    </message>
</context>
<context>
    <name>ApprovalHistoryModel</name>
    <message>
        <source>left undecided</source>
        <translation>dibiarkan tanpa keputusan</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while it was waiting, so it can no longer be decided here.</source>
        <translation>Bukan dari server ini: koneksi berubah saat menunggu, jadi tidak dapat diputuskan di sini lagi.</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while a decision on it was on its way (the audit trail has the server&apos;s answer).</source>
        <translation>Bukan dari server ini: koneksi berubah saat keputusan sedang dikirim (jejak audit memuat jawaban server).</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>Pelanggan</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Konsumsi</translation>
    </message>
</context>
<context>
    <name>ApprovalListModel</name>
    <message>
        <source>no expiry</source>
        <translation>tanpa kedaluwarsa</translation>
    </message>
    <message>
        <source>expiring now</source>
        <translation>kedaluwarsa sekarang</translation>
    </message>
    <message>
        <source>{n} minute</source>
        <translation>{n} menit</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} menit</translation>
    </message>
    <message>
        <source>{n} second</source>
        <translation>{n} detik</translation>
    </message>
    <message>
        <source>{n} seconds</source>
        <translation>{n} detik</translation>
    </message>
    <message>
        <source>expires in {time}</source>
        <translation>kedaluwarsa dalam {time}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>dari {customer}</translation>
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
        <translation>dipulihkan</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>menunggu</translation>
    </message>
    <message>
        <source>Payments waiting, most urgent first</source>
        <translation>Pembayaran menunggu, paling mendesak dahulu</translation>
    </message>
</context>
<context>
    <name>ApprovalQueue</name>
    <message>
        <source>expiring…</source>
        <translation>segera kedaluwarsa…</translation>
    </message>
    <message>
        <source>expires in {clock}</source>
        <translation>kedaluwarsa dalam {clock}</translation>
    </message>
</context>
<context>
    <name>ApprovalQueueView</name>
    <message>
        <source>Sound on a payment&apos;s arrival and outcome, and a desktop notification while the window is in the background</source>
        <translation>Bunyi saat pembayaran tiba dan saat hasilnya keluar, serta notifikasi desktop saat jendela di latar belakang</translation>
    </message>
    <message>
        <source>always</source>
        <translation>selalu</translation>
    </message>
    <message>
        <source>Approvals of this token above this amount ask for a second click (0 = always ask); each token has its own</source>
        <translation>Persetujuan token ini di atas jumlah ini meminta klik kedua (0 = selalu tanya); tiap token punya nilai sendiri</translation>
    </message>
    <message>
        <source>Live connection down: approvals still go through, but their confirmation cannot arrive until the connection is back.</source>
        <translation>Koneksi langsung terputus: persetujuan tetap terkirim, tetapi konfirmasinya tidak dapat tiba sampai koneksi kembali.</translation>
    </message>
    <message>
        <source>No payment waiting. New ones appear here.</source>
        <translation>Tidak ada pembayaran yang menunggu. Pembayaran baru muncul di sini.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Sound: muted</source>
        <translation>Suara: dibisukan</translation>
    </message>
    <message>
        <source>Sound: unavailable</source>
        <translation>Suara: tidak tersedia</translation>
    </message>
    <message>
        <source>Sound: on</source>
        <translation>Suara: aktif</translation>
    </message>
    <message>
        <source>Sound unavailable: {problem}. Cards pulse instead.</source>
        <translation>Suara tidak tersedia: {problem}. Kartu berkedip sebagai gantinya.</translation>
    </message>
    <message>
        <source>Reject? {warning}</source>
        <translation>Tolak? {warning}</translation>
    </message>
    <message>
        <source>Approve {amount}?</source>
        <translation>Setujui {amount}?</translation>
    </message>
    <message>
        <source>The live connection is down: the approval goes out over HTTP, but its confirmation cannot arrive here until the connection is back.</source>
        <translation>Koneksi langsung terputus: persetujuan dikirim lewat HTTP, tetapi konfirmasinya tidak dapat tiba di sini sampai koneksi kembali.</translation>
    </message>
    <message>
        <source>1 more payment {countdown} — Ctrl+1</source>
        <translation>1 pembayaran lagi {countdown} — Ctrl+1</translation>
    </message>
    <message numerus="yes">
        <source>%n more payments expire soon, the first {countdown} — Ctrl+1</source>
        <translation>
            <numerusform>%n pembayaran lagi segera kedaluwarsa, yang pertama {countdown} — Ctrl+1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new payment(s) out of view — Ctrl+1</source>
        <translation>
            <numerusform>%n pembayaran baru di luar tampilan — Ctrl+1</numerusform>
        </translation>
    </message>
    <message>
        <source>asks to confirm: every approval</source>
        <translation>minta konfirmasi: setiap persetujuan</translation>
    </message>
    <message>
        <source>asks to confirm: above {amount} {token}</source>
        <translation>minta konfirmasi: jumlah di atas {amount} {token}</translation>
    </message>
    <message>
        <source>Ask to confirm {token} approvals above:</source>
        <translation>Minta konfirmasi persetujuan {token} dengan jumlah di atas:</translation>
    </message>
    <message>
        <source>Ask to confirm above:</source>
        <translation>Minta konfirmasi jika jumlah di atas:</translation>
    </message>
    <message>
        <source>Waiting for approval ({count})</source>
        <translation>Menunggu persetujuan ({count})</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Menunggu persetujuan</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>Riwayat ({count})</translation>
    </message>
</context>
<context>
    <name>CashierController</name>
    <message>
        <source>Unknown action {action}.</source>
        <translation>Tindakan {action} tidak dikenal.</translation>
    </message>
    <message>
        <source>This payment is {holder}: take it over to decide here.</source>
        <translation>Pembayaran ini {holder}: ambil alih untuk memutuskan di sini.</translation>
    </message>
    <message>
        <source>Say why you take this payment over.</source>
        <translation>Sebutkan alasan Anda mengambil alih pembayaran ini.</translation>
    </message>
    <message>
        <source>The shared database cannot be reached: nothing can be taken over.</source>
        <translation>Basis data bersama tidak dapat dijangkau: tidak ada yang dapat diambil alih.</translation>
    </message>
    <message>
        <source>Not taken over: a decision from {desk} is on its way and its outcome is not known yet.</source>
        <translation>Tidak diambil alih: keputusan dari {desk} sedang dikirim dan hasilnya belum diketahui.</translation>
    </message>
    <message>
        <source>Not taken over: it is no longer held by another desk.</source>
        <translation>Tidak diambil alih: tidak lagi dipegang meja lain.</translation>
    </message>
    <message>
        <source>Not connected: connect to a server before approving or rejecting.</source>
        <translation>Belum tersambung: sambungkan ke server sebelum menyetujui atau menolak.</translation>
    </message>
    <message>
        <source>This consumption is not in the approval queue.</source>
        <translation>Konsumsi ini tidak ada di antrean persetujuan.</translation>
    </message>
    <message>
        <source>This consumption cannot be changed now.</source>
        <translation>Konsumsi ini tidak dapat diubah sekarang.</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive until it is back. The answer to this request is all you will see.</source>
        <translation>Koneksi langsung terputus: konfirmasi server tidak dapat tiba sampai koneksi kembali. Hanya jawaban atas permintaan ini yang akan Anda lihat.</translation>
    </message>
</context>
<context>
    <name>ChannelTreeModel</name>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Akun</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Transaction requests</source>
        <translation>Permintaan transaksi</translation>
    </message>
    <message>
        <source>Consumptions</source>
        <translation>Konsumsi</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Lainnya</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>ditutup</translation>
    </message>
    <message>
        <source>joining…</source>
        <translation>bergabung…</translation>
    </message>
    <message>
        <source>joined</source>
        <translation>tergabung</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>ditolak server</translation>
    </message>
    <message>
        <source>rejoining…</source>
        <translation>bergabung ulang…</translation>
    </message>
    <message>
        <source>leaving…</source>
        <translation>keluar…</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
</context>
<context>
    <name>ChannelTreeView</name>
    <message>
        <source>Add…</source>
        <translation>Tambah…</translation>
    </message>
    <message>
        <source>Join another channel (kind and id, or a pasted topic)</source>
        <translation>Gabung ke kanal lain (jenis dan ID, atau topik yang ditempel)</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <source>Rejoin</source>
        <translation>Gabung ulang</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>Salin topik</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>Tambah kanal…</translation>
    </message>
</context>
<context>
    <name>ColourRules</name>
    <message>
        <source>{rule}: {colour} is not a colour</source>
        <translation>{rule}: {colour} bukan warna</translation>
    </message>
</context>
<context>
    <name>ColourRulesDialog</name>
    <message>
        <source>Rule</source>
        <translation>Aturan</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>Latar</translation>
    </message>
    <message>
        <source>Colouring rules</source>
        <translation>Aturan pewarnaan</translation>
    </message>
    <message>
        <source>The first enabled rule that matches wins</source>
        <translation>Aturan aktif pertama yang cocok yang berlaku</translation>
    </message>
    <message>
        <source>&amp;Colours…</source>
        <translation>&amp;Warna…</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Bawaan</translation>
    </message>
    <message>
        <source>The first enabled rule whose filter matches a row colours it (filter language: e.g. status == &quot;failed&quot; and amount &gt; 0.5).</source>
        <translation>Aturan aktif pertama yang filternya cocok dengan baris akan mewarnainya (bahasa filter: mis. status == &quot;failed&quot; and amount &gt; 0.5).</translation>
    </message>
    <message>
        <source>Rule {number}</source>
        <translation>Aturan {number}</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>Aturan baru</translation>
    </message>
    <message>
        <source>Text colour</source>
        <translation>Warna teks</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>In headers</source>
        <translation>Di header</translation>
    </message>
    <message>
        <source>In the URL query</source>
        <translation>Di kueri URL</translation>
    </message>
    <message>
        <source>(no profile)</source>
        <translation>(tanpa profil)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Tampilkan</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>Tampilkan atau sembunyikan rahasia</translation>
    </message>
    <message>
        <source>Headers (Authorization) is the normal way. The URL query form is for proxies that strip headers; the URL then holds the credentials.</source>
        <translation>Header (Authorization) adalah cara biasa. Bentuk kueri URL untuk proxy yang membuang header; URL lalu memuat kredensial.</translation>
    </message>
    <message>
        <source>Verify the certificate</source>
        <translation>Verifikasi sertifikat</translation>
    </message>
    <message>
        <source>Check the server&apos;s TLS certificate. Turn off only for a test server.</source>
        <translation>Periksa sertifikat TLS server. Matikan hanya untuk server uji.</translation>
    </message>
    <message>
        <source>system certificates</source>
        <translation>sertifikat sistem</translation>
    </message>
    <message>
        <source>Choose a CA certificate file</source>
        <translation>Pilih berkas sertifikat CA</translation>
    </message>
    <message>
        <source>How often to check the connection (the server drops it after 60 s of silence)</source>
        <translation>Seberapa sering memeriksa koneksi (server memutusnya setelah 60 detik tanpa aktivitas)</translation>
    </message>
    <message>
        <source>seconds, {range}</source>
        <translation>detik, {range}</translation>
    </message>
    <message>
        <source>user:usr_…
transaction_request:txr_…</source>
        <translation>user:usr_…
transaction_request:txr_…</translation>
    </message>
    <message>
        <source>Channels to join, one topic per line</source>
        <translation>Kanal yang akan digabungi, satu topik per baris</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Sambungkan</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Putuskan</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>URL server</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>Kredensial</translation>
    </message>
    <message>
        <source>Send credentials</source>
        <translation>Kirim kredensial</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>Berkas CA</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Connect anyway</source>
        <translation>Tetap sambungkan</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Named connections: choose one to fill the form</source>
        <translation>Koneksi bernama: pilih satu untuk mengisi formulir</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Save the form into the chosen profile</source>
        <translation>Simpan formulir ke profil yang dipilih</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Simpan sebagai…</translation>
    </message>
    <message>
        <source>Save the form as a new profile</source>
        <translation>Simpan formulir sebagai profil baru</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Ganti nama…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Delete the chosen profile (and its remembered secret)</source>
        <translation>Hapus profil yang dipilih (beserta rahasia yang diingat)</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Nama profil</translation>
    </message>
    <message>
        <source>Remember the secret in the system keyring</source>
        <translation>Ingat rahasia di keyring sistem</translation>
    </message>
    <message>
        <source>Cashier desk: open in the Cashier layout</source>
        <translation>Meja kasir: buka dalam tata letak Kasir</translation>
    </message>
    <message>
        <source>Payments first: the Approvals panel fills the window (saved with the profile)</source>
        <translation>Pembayaran dahulu: panel Persetujuan memenuhi jendela (disimpan bersama profil)</translation>
    </message>
    <message>
        <source>The heartbeat</source>
        <translation>Heartbeat</translation>
    </message>
    <message>
        <source>Line {number}: {problem}</source>
        <translation>Baris {number}: {problem}</translation>
    </message>
    <message>
        <source>A CA file is only used when the certificate is verified.</source>
        <translation>Berkas CA hanya dipakai saat sertifikat diverifikasi.</translation>
    </message>
    <message>
        <source>Connects to {url}</source>
        <translation>Menyambung ke {url}</translation>
    </message>
    <message>
        <source>{host} is reached without encryption (ws:// / http://): the credentials and every payment can be read and changed on the way. Use https:// unless you know this network is private.</source>
        <translation>{host} dihubungi tanpa enkripsi (ws:// / http://): kredensial dan setiap pembayaran dapat dibaca dan diubah di perjalanan. Gunakan https:// kecuali Anda yakin jaringan ini privat.</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>Sambungkan ulang</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Sembunyikan</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Berkas sertifikat CA</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Sertifikat (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Keep the secret in the system keyring (never in a settings file)</source>
        <translation>Simpan rahasia di keyring sistem (tidak pernah di berkas pengaturan)</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; the secret came from the system keyring.</source>
        <translation>Profil “{name}” dimuat; rahasia diambil dari keyring sistem.</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret (none is remembered yet).</source>
        <translation>Profil “{name}” dimuat; masukkan rahasia (belum ada yang diingat).</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret.</source>
        <translation>Profil “{name}” dimuat; masukkan rahasia.</translation>
    </message>
    <message>
        <source>Profile “{name}” saved; the secret is in the system keyring.</source>
        <translation>Profil “{name}” disimpan; rahasia ada di keyring sistem.</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret. {reason}</source>
        <translation>Profil “{name}” disimpan tanpa rahasia. {reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret: {reason}</source>
        <translation>Profil “{name}” disimpan tanpa rahasia: {reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret.</source>
        <translation>Profil “{name}” disimpan tanpa rahasia.</translation>
    </message>
    <message>
        <source>Profile “{name}” deleted (and its remembered secret, if any).</source>
        <translation>Profil “{name}” dihapus (beserta rahasia yang diingat, jika ada).</translation>
    </message>
    <message>
        <source>Profile “{old}” is now “{new}”.</source>
        <translation>Profil “{old}” sekarang bernama “{new}”.</translation>
    </message>
    <message>
        <source>Save the form as a new profile named:</source>
        <translation>Simpan formulir sebagai profil baru bernama:</translation>
    </message>
    <message>
        <source>Rename “{name}” to:</source>
        <translation>Ganti nama “{name}” menjadi:</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Ganti nama</translation>
    </message>
    <message>
        <source>Delete the profile “{name}” and its remembered secret?</source>
        <translation>Hapus profil “{name}” beserta rahasia yang diingat?</translation>
    </message>
    <message>
        <source>A profile named “{name}” exists already.</source>
        <translation>Profil bernama “{name}” sudah ada.</translation>
    </message>
    <message>
        <source>Shared history</source>
        <translation>Riwayat bersama</translation>
    </message>
    <message>
        <source>this computer (SQLite)</source>
        <translation>komputer ini (SQLite)</translation>
    </message>
    <message>
        <source>A PostgreSQL history shared by several desks, e.g. postgresql://desk@dbhost:5432/ewallet — without the password (the keyring or PGPASSFILE has it). Used when the window starts with this profile.</source>
        <translation>Riwayat PostgreSQL yang dipakai bersama beberapa meja, mis. postgresql://desk@dbhost:5432/ewallet — tanpa kata sandi (disimpan di keyring atau PGPASSFILE). Dipakai saat jendela dibuka dengan profil ini.</translation>
    </message>
</context>
<context>
    <name>DecisionGuard</name>
    <message>
        <source>This payment is no longer waiting.</source>
        <translation>Pembayaran ini tidak lagi menunggu.</translation>
    </message>
    <message>
        <source>This payment is not from the server you are connected to now.</source>
        <translation>Pembayaran ini bukan dari server yang sedang tersambung.</translation>
    </message>
    <message>
        <source>A decision on this payment is already on its way.</source>
        <translation>Keputusan atas pembayaran ini sedang dikirim.</translation>
    </message>
    <message>
        <source>This payment has already ended.</source>
        <translation>Pembayaran ini sudah berakhir.</translation>
    </message>
    <message>
        <source>This payment cannot be approved now: {state}.</source>
        <translation>Pembayaran ini tidak dapat disetujui sekarang: {state}.</translation>
    </message>
    <message>
        <source>This payment cannot be rejected now: {state}.</source>
        <translation>Pembayaran ini tidak dapat ditolak sekarang: {state}.</translation>
    </message>
    <message>
        <source>Only the payment shown large can be decided: select it first.</source>
        <translation>Hanya pembayaran yang ditampilkan besar yang dapat diputuskan: pilih dahulu.</translation>
    </message>
    <message>
        <source>Look at the payment first: it has only just been shown.</source>
        <translation>Lihat pembayaran dahulu: baru saja ditampilkan.</translation>
    </message>
    <message>
        <source>A decision was just made: wait a moment before the next one.</source>
        <translation>Keputusan baru saja dibuat: tunggu sebentar sebelum yang berikutnya.</translation>
    </message>
</context>
<context>
    <name>DesksIndicator</name>
    <message>
        <source>{desk}: no other desk</source>
        <translation>{desk}: tidak ada meja lain</translation>
    </message>
    <message>
        <source>Other desks</source>
        <translation>Meja lain</translation>
    </message>
    <message>
        <source> — gone</source>
        <translation> — hilang</translation>
    </message>
    <message>
        <source>other desk</source>
        <translation>meja lain</translation>
    </message>
    <message>
        <source>other desks</source>
        <translation>meja lain</translation>
    </message>
    <message>
        <source>&lt;b&gt;This desk&lt;/b&gt;: {desk}</source>
        <translation>&lt;b&gt;Meja ini&lt;/b&gt;: {desk}</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>gone since {t}</source>
        <translation>hilang sejak {t}</translation>
    </message>
    <message>
        <source>, {n} claim(s) open</source>
        <translation>, {n} klaim terbuka</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select an event to see its frame.</source>
        <translation>Pilih peristiwa untuk melihat framenya.</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Setujui</translation>
    </message>
    <message>
        <source>Approve this pending consumption</source>
        <translation>Setujui konsumsi tertunda ini</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Tolak</translation>
    </message>
    <message>
        <source>Reject this pending consumption</source>
        <translation>Tolak konsumsi tertunda ini</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>Salin JSON</translation>
    </message>
    <message>
        <source>Copy the frame as indented JSON</source>
        <translation>Salin frame sebagai JSON berindentasi</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>Salin topik</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>Pohon</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>The server refused these credentials. Check the key and the secret.</source>
        <translation>Server menolak kredensial ini. Periksa kunci dan rahasianya.</translation>
    </message>
    <message>
        <source>The server no longer accepts these credentials: the token may have expired or been logged out. Enter a new one.</source>
        <translation>Server tidak lagi menerima kredensial ini: token mungkin kedaluwarsa atau telah keluar. Masukkan yang baru.</translation>
    </message>
    <message>
        <source>The server does not know this API key.</source>
        <translation>Server tidak mengenal kunci API ini.</translation>
    </message>
    <message>
        <source>The server does not accept this kind of credential.</source>
        <translation>Server tidak menerima jenis kredensial ini.</translation>
    </message>
    <message>
        <source>The authentication token has expired. Sign in again for a new one.</source>
        <translation>Token autentikasi kedaluwarsa. Masuk lagi untuk mendapatkan token baru.</translation>
    </message>
    <message>
        <source>The server does not know this authentication token.</source>
        <translation>Server tidak mengenal token autentikasi ini.</translation>
    </message>
    <message>
        <source>The server speaks a different API version.</source>
        <translation>Server memakai versi API yang berbeda.</translation>
    </message>
    <message>
        <source>These credentials are not allowed to do this.</source>
        <translation>Kredensial ini tidak diizinkan melakukan ini.</translation>
    </message>
    <message>
        <source>The server hit an internal error and closed the connection.</source>
        <translation>Server mengalami galat internal dan menutup koneksi.</translation>
    </message>
    <message>
        <source>The server turned the connection down. Check the URL and the credentials.</source>
        <translation>Server menolak koneksi. Periksa URL dan kredensialnya.</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate could not be verified. Check the CA file, or ask your administrator.</source>
        <translation>Sertifikat keamanan server tidak dapat diverifikasi. Periksa berkas CA, atau tanyakan administrator Anda.</translation>
    </message>
    <message>
        <source>Nothing answers at this address. Is the server running, and is the URL right?</source>
        <translation>Tidak ada yang menjawab di alamat ini. Apakah server berjalan, dan apakah URL-nya benar?</translation>
    </message>
    <message>
        <source>This server name cannot be found. Check the URL.</source>
        <translation>Nama server ini tidak ditemukan. Periksa URL-nya.</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>Server tidak menjawab tepat waktu.</translation>
    </message>
    <message>
        <source>The connection to the server failed.</source>
        <translation>Koneksi ke server gagal.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Show the technical detail (for support)</source>
        <translation>Tampilkan detail teknis (untuk dukungan)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>Detail kesalahan</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Arah</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>Ref</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Ringkasan</translation>
    </message>
    <message>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latensi</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <source>Any direction</source>
        <translation>Semua arah</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>Masuk (diterima)</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>Keluar (dikirim)</translation>
    </message>
    <message>
        <source>Monitor (—)</source>
        <translation>Monitor (—)</translation>
    </message>
    <message>
        <source>Filter text (Ctrl+F)…</source>
        <translation>Teks filter (Ctrl+F)…</translation>
    </message>
    <message>
        <source>Rows whose topic, event, ref, outcome, summary or consumption id contain this</source>
        <translation>Baris yang topik, peristiwa, ref, hasil, ringkasan, atau ID konsumsinya memuat teks ini</translation>
    </message>
    <message>
        <source>Treat the filter text as a regular expression</source>
        <translation>Perlakukan teks filter sebagai ekspresi reguler</translation>
    </message>
    <message>
        <source>Show only some kinds of rows</source>
        <translation>Tampilkan hanya jenis baris tertentu</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Semua jenis</translation>
    </message>
    <message>
        <source>Topic contains…</source>
        <translation>Topik memuat…</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Arah</translation>
    </message>
    <message>
        <source>Heartbeats &amp;&amp; replies</source>
        <translation>Heartbeat &amp;&amp; balasan</translation>
    </message>
    <message>
        <source>Show heartbeats and phx_reply frames (a reply carrying an error is always shown)</source>
        <translation>Tampilkan heartbeat dan frame phx_reply (balasan yang membawa galat selalu ditampilkan)</translation>
    </message>
    <message>
        <source>One row per topic</source>
        <translation>Satu baris per topik</translation>
    </message>
    <message>
        <source>Show each copy of an event broadcast on several topics as its own row (by default one row lists the event&apos;s topics: user:… +1)</source>
        <translation>Tampilkan tiap salinan peristiwa yang disiarkan di beberapa topik sebagai baris sendiri (bawaannya satu baris mencantumkan topik peristiwa: user:… +1)</translation>
    </message>
    <message>
        <source>Jump to the newest event and follow again (End)</source>
        <translation>Lompat ke peristiwa terbaru dan ikuti lagi (End)</translation>
    </message>
    <message>
        <source>Join related topics ({count})</source>
        <translation>Gabung ke topik terkait ({count})</translation>
    </message>
    <message>
        <source>Join related topics</source>
        <translation>Gabung ke topik terkait</translation>
    </message>
    <message>
        <source>Copy frame JSON</source>
        <translation>Salin JSON frame</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>Salin topik</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new event(s) ↓</source>
        <translation>
            <numerusform>%Ln peristiwa baru ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Kind: {kind}</source>
        <translation>Jenis: {kind}</translation>
    </message>
    <message numerus="yes">
        <source>%n kinds</source>
        <translation>
            <numerusform>%n jenis</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Teks filter</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln rows</source>
        <translation>
            <numerusform>{shown} dari %Ln baris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln baris</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln older dropped</source>
        <translation>
            <numerusform> · %Ln baris lama dibuang</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>text “{text}”</source>
        <translation>teks “{text}”</translation>
    </message>
    <message>
        <source>consumption {id}</source>
        <translation>konsumsi {id}</translation>
    </message>
    <message>
        <source>topic {topic}</source>
        <translation>topik {topic}</translation>
    </message>
    <message>
        <source>event {event}</source>
        <translation>peristiwa {event}</translation>
    </message>
    <message>
        <source>direction {direction}</source>
        <translation>arah {direction}</translation>
    </message>
    <message>
        <source>from {time}</source>
        <translation>dari {time}</translation>
    </message>
    <message>
        <source>until {time}</source>
        <translation>sampai {time}</translation>
    </message>
    <message>
        <source>filter {expression}</source>
        <translation>filter {expression}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>every event</source>
        <translation>semua peristiwa</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Audit trail (operator actions)</source>
        <translation>Jejak audit (tindakan operator)</translation>
    </message>
    <message>
        <source>Gaps (connection down)</source>
        <translation>Celah (koneksi terputus)</translation>
    </message>
    <message>
        <source>Channel states (joined, refused, failed…)</source>
        <translation>Status kanal (tergabung, ditolak server, gagal…)</translation>
    </message>
    <message>
        <source>NDJSON (one JSON object per line)</source>
        <translation>NDJSON (satu objek JSON per baris)</translation>
    </message>
    <message>
        <source>Everything stored</source>
        <translation>Semua yang tersimpan</translation>
    </message>
    <message>
        <source>The current History search</source>
        <translation>Pencarian Riwayat saat ini</translation>
    </message>
    <message>
        <source>A time range</source>
        <translation>Rentang waktu</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>until</source>
        <translation>sampai</translation>
    </message>
    <message>
        <source>file to write</source>
        <translation>berkas yang akan ditulis</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>Pilih berkas</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>Cakupan</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Search in History (Ctrl+Shift+F) first.</source>
        <translation>Cari di Riwayat (Ctrl+Shift+F) dahulu.</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>Pilih berkas yang akan ditulis.</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a file name.</source>
        <translation>{path} adalah folder; pilih nama berkas.</translation>
    </message>
    <message>
        <source>There is no History search to export.</source>
        <translation>Tidak ada pencarian Riwayat untuk diekspor.</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;until&apos;.</source>
        <translation>&quot;Dari&quot; harus sebelum &quot;sampai&quot;.</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>Mengekspor ke {path}…</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>Ganti berkas?</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it with this export?</source>
        <translation>{path} sudah ada. Ganti dengan ekspor ini?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ganti</translation>
    </message>
    <message>
        <source>Not exported: {path} was kept.</source>
        <translation>Tidak diekspor: {path} dipertahankan.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln event(s) to {path}</source>
        <translation>
            <numerusform>%Ln peristiwa diekspor ke {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln audit entry(s) to {path}</source>
        <translation>
            <numerusform>%Ln entri jejak audit diekspor ke {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln gap(s) to {path}</source>
        <translation>
            <numerusform>%Ln celah diekspor ke {path}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln channel state change(s) to {path}</source>
        <translation>
            <numerusform>%Ln perubahan status kanal diekspor ke {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: {path} was not written ({reason}).</source>
        <translation>Ekspor gagal: {path} tidak ditulis ({reason}).</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Ekspor ke</translation>
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
        <translation>Semua berkas (*)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History — every stored event</source>
        <translation>Riwayat — semua peristiwa tersimpan</translation>
    </message>
    <message>
        <source>Stored events</source>
        <translation>Peristiwa tersimpan</translation>
    </message>
    <message>
        <source>The search&apos;s results, newest first</source>
        <translation>Hasil pencarian, terbaru dahulu</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>Frame sebagai pohon</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>JSON frame yang dipilih</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>Teks frame</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>Frame yang dipilih sebagai teks</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Any direction</source>
        <translation>Semua arah</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>Masuk (diterima)</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>Keluar (dikirim)</translation>
    </message>
    <message>
        <source>Text anywhere in the frame (name, id, amount…)</source>
        <translation>Teks di mana saja dalam frame (nama, ID, jumlah…)</translation>
    </message>
    <message>
        <source>exact topic, or a kind such as transaction_request:</source>
        <translation>topik persis, atau jenis seperti transaction_request:</translation>
    </message>
    <message>
        <source>any event</source>
        <translation>peristiwa apa saja</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Cari</translation>
    </message>
    <message>
        <source>Search every stored event (Enter)</source>
        <translation>Cari semua peristiwa tersimpan (Enter)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Bersihkan</translation>
    </message>
    <message>
        <source>Clear the search fields and show the newest events</source>
        <translation>Bersihkan kolom pencarian dan tampilkan peristiwa terbaru</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Konsumsi</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Arah</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Search the stored history, or press Search for the newest.</source>
        <translation>Cari riwayat tersimpan, atau tekan Cari untuk yang terbaru.</translation>
    </message>
    <message>
        <source>Load older…</source>
        <translation>Muat yang lebih lama…</translation>
    </message>
    <message>
        <source>Load the {count} matching events before these</source>
        <translation>Muat {count} peristiwa cocok sebelum ini</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;Until&apos;.</source>
        <translation>&quot;Dari&quot; harus sebelum &quot;Sampai&quot;.</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Mencari…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) found in {ms} ms</source>
        <translation>
            <numerusform>%Ln peristiwa ditemukan dalam {ms} md</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches (searched in {ms} ms).</source>
        <translation>Tidak ada yang cocok (dicari dalam {ms} md).</translation>
    </message>
    <message>
        <source>{added} older loaded in {ms} ms · {total} shown</source>
        <translation>{added} yang lebih lama dimuat dalam {ms} md · {total} ditampilkan</translation>
    </message>
    <message>
        <source> · older matches: Load older…</source>
        <translation> · ada yang lebih lama: Muat yang lebih lama…</translation>
    </message>
    <message>
        <source> · nothing older</source>
        <translation> · tidak ada yang lebih lama</translation>
    </message>
    <message>
        <source>The history could not be searched: {error}</source>
        <translation>Riwayat tidak dapat dicari: {error}</translation>
    </message>
    <message>
        <source>Search failed.</source>
        <translation>Pencarian gagal.</translation>
    </message>
</context>
<context>
    <name>JsonTreeWidget</name>
    <message>
        <source>Key</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipe</translation>
    </message>
    <message>
        <source>nested deeper than {levels} levels: see Text</source>
        <translation>bersarang lebih dari {levels} tingkat: lihat Teks</translation>
    </message>
    <message numerus="yes">
        <source>%n more (see Text)</source>
        <translation>
            <numerusform>%n lagi (lihat Teks)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <source>requests/s</source>
        <translation>permintaan/d</translation>
    </message>
    <message>
        <source>finalized/s</source>
        <translation>final/d</translation>
    </message>
    <message>
        <source>control/s</source>
        <translation>kontrol/d</translation>
    </message>
    <message>
        <source>other/s</source>
        <translation>lainnya/d</translation>
    </message>
    <message>
        <source>pending (lower plot)</source>
        <translation>tertunda (grafik bawah)</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>Grafik langsung</translation>
    </message>
    <message>
        <source>Last {seconds} s; latest: {values}</source>
        <translation>{seconds} detik terakhir; terbaru: {values}</translation>
    </message>
    <message>
        <source>{seconds} s ago</source>
        <translation>{seconds} detik lalu</translation>
    </message>
    <message>
        <source>now</source>
        <translation>kini</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>eWallet monitor</source>
        <translation>Pemantau eWallet</translation>
    </message>
    <message>
        <source>eWallet monitor — demo ({mode})</source>
        <translation>Pemantau eWallet — demo ({mode})</translation>
    </message>
    <message>
        <source>Demo server — the credentials are public and every payment is simulated.</source>
        <translation>Server demo — kredensialnya publik dan setiap pembayaran disimulasikan.</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Koneksi</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>Grafik langsung</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Log peristiwa</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Sambungkan…</translation>
    </message>
    <message>
        <source>Open the connection form</source>
        <translation>Buka formulir koneksi</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Putuskan</translation>
    </message>
    <message>
        <source>Close the connection</source>
        <translation>Tutup koneksi</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>&amp;Riwayat…</translation>
    </message>
    <message>
        <source>Search every stored event</source>
        <translation>Cari semua peristiwa tersimpan</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Ekspor…</translation>
    </message>
    <message>
        <source>Export stored events or the audit trail</source>
        <translation>Ekspor peristiwa tersimpan atau jejak audit</translation>
    </message>
    <message>
        <source>&amp;Import profiles…</source>
        <translation>&amp;Impor profil…</translation>
    </message>
    <message>
        <source>Add connection profiles from a JSON file (secrets are never in it)</source>
        <translation>Tambahkan profil koneksi dari berkas JSON (rahasia tidak pernah ada di dalamnya)</translation>
    </message>
    <message>
        <source>Export &amp;profiles…</source>
        <translation>Ekspor &amp;profil…</translation>
    </message>
    <message>
        <source>Write the connection profiles to a JSON file, without secrets</source>
        <translation>Tulis profil koneksi ke berkas JSON, tanpa rahasia</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>Per&amp;setujuan</translation>
    </message>
    <message>
        <source>&amp;Approve selected</source>
        <translation>Setujui yang &amp;dipilih</translation>
    </message>
    <message>
        <source>Approve the selected payment (or the first waiting)</source>
        <translation>Setujui pembayaran yang dipilih (atau yang pertama menunggu)</translation>
    </message>
    <message>
        <source>&amp;Reject selected</source>
        <translation>&amp;Tolak yang dipilih</translation>
    </message>
    <message>
        <source>Reject the selected payment (or the first waiting)</source>
        <translation>Tolak pembayaran yang dipilih (atau yang pertama menunggu)</translation>
    </message>
    <message>
        <source>&amp;Go to the most urgent payment</source>
        <translation>&amp;Ke pembayaran paling mendesak</translation>
    </message>
    <message>
        <source>The most urgent payment out of view comes into focus; then A approves, R rejects</source>
        <translation>Pembayaran paling mendesak di luar tampilan difokuskan; lalu A menyetujui, R menolak</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>&amp;Bisukan notifikasi</translation>
    </message>
    <message>
        <source>Move settled cards to &amp;history</source>
        <translation>Pindahkan kartu yang selesai ke &amp;riwayat</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Cashier layout</source>
        <translation>Tata letak &amp;Kasir</translation>
    </message>
    <message>
        <source>Payments first; the rest hidden</source>
        <translation>Pembayaran dahulu; sisanya disembunyikan</translation>
    </message>
    <message>
        <source>&amp;Operator layout</source>
        <translation>Tata letak &amp;Operator</translation>
    </message>
    <message>
        <source>The event log with every panel</source>
        <translation>Log peristiwa dengan semua panel</translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation>Ko&amp;neksi</translation>
    </message>
    <message>
        <source>Channe&amp;ls</source>
        <translation>K&amp;anal</translation>
    </message>
    <message>
        <source>A&amp;pprovals</source>
        <translation>&amp;Persetujuan</translation>
    </message>
    <message>
        <source>Live char&amp;t</source>
        <translation>&amp;Grafik langsung</translation>
    </message>
    <message>
        <source>&amp;Event log</source>
        <translation>&amp;Log peristiwa</translation>
    </message>
    <message>
        <source>&amp;Go to the event log</source>
        <translation>&amp;Buka log peristiwa</translation>
    </message>
    <message>
        <source>The keyboard goes to the events table (the detail pane follows the arrows)</source>
        <translation>Keyboard berpindah ke tabel peristiwa (panel detail mengikuti tombol panah)</translation>
    </message>
    <message>
        <source>Follo&amp;w the newest events</source>
        <translation>Ikuti peristi&amp;wa terbaru</translation>
    </message>
    <message>
        <source>Show &amp;heartbeats and replies</source>
        <translation>Tampilkan &amp;heartbeat dan balasan</translation>
    </message>
    <message>
        <source>Show protocol housekeeping rows in the event log</source>
        <translation>Tampilkan baris pemeliharaan protokol di log peristiwa</translation>
    </message>
    <message>
        <source>&amp;Filter events</source>
        <translation>&amp;Saring peristiwa</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>B&amp;antuan</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Tentang</translation>
    </message>
    <message>
        <source>The profiles in {file} could not be imported.</source>
        <translation>Profil di {file} tidak dapat diimpor.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from {path}</source>
        <translation>
            <numerusform>%n profil diimpor dari {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>The profiles could not be written to {path}.</source>
        <translation>Profil tidak dapat ditulis ke {path}.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) to {path} (no secrets)</source>
        <translation>
            <numerusform>%n profil diekspor ke {path} (tanpa rahasia)</numerusform>
        </translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>Impor profil</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>Profil (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Semua berkas (*)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>Ekspor profil</translation>
    </message>
    <message>
        <source>Written to the log file {path}</source>
        <translation>Ditulis ke berkas log {path}</translation>
    </message>
    <message>
        <source>Unexpected error ({source}): {summary} — the monitor keeps running; Details has the report for support.</source>
        <translation>Galat tak terduga ({source}): {summary} — pemantau tetap berjalan; Detail memuat laporan untuk dukungan.</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer} waiting, {countdown}</source>
        <translation>Pembayaran {amount} dari {customer} menunggu, {countdown}</translation>
    </message>
    <message>
        <source>{outcome}: {amount} from {customer}</source>
        <translation>{outcome}: {amount} dari {customer}</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Peristiwa</translation>
    </message>
    <message>
        <source>Every frame received, oldest first</source>
        <translation>Semua frame yang diterima, terlama dahulu</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>Frame sebagai pohon</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>JSON frame yang dipilih</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>Teks frame</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>Frame yang dipilih sebagai teks</translation>
    </message>
    <message>
        <source>Joined channels and their state</source>
        <translation>Kanal yang digabungi dan statusnya</translation>
    </message>
    <message>
        <source>Payments waiting</source>
        <translation>Pembayaran menunggu</translation>
    </message>
    <message>
        <source>Most urgent first</source>
        <translation>Paling mendesak dahulu</translation>
    </message>
    <message>
        <source>Decided payments</source>
        <translation>Pembayaran yang sudah diputuskan</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>Terbaru dahulu</translation>
    </message>
    <message>
        <source>The shared database cannot be reached, so this desk cannot claim the payment: another desk may decide it at the same moment. {verb} it unclaimed?</source>
        <translation>Basis data bersama tidak dapat dijangkau, jadi meja ini tidak dapat mengklaim pembayaran: meja lain mungkin memutuskannya pada saat yang sama. {verb} tanpa klaim?</translation>
    </message>
    <message>
        <source>Take over this payment</source>
        <translation>Ambil alih pembayaran ini</translation>
    </message>
    <message>
        <source>This payment is {holder}. Why do you take it over? The reason is kept in the audit trail.</source>
        <translation>Pembayaran ini {holder}. Mengapa Anda mengambil alih? Alasannya dicatat di jejak audit.</translation>
    </message>
    <message>
        <source>held by another desk</source>
        <translation>dipegang meja lain</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Ambil alih</translation>
    </message>
    <message>
        <source>Not taken over: a reason is needed.</source>
        <translation>Tidak diambil alih: alasan diperlukan.</translation>
    </message>
    <message>
        <source>This consumption can no longer be approved or rejected.</source>
        <translation>Konsumsi ini tidak dapat lagi disetujui atau ditolak.</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: approve it there.</source>
        <translation>Pembayaran difokuskan di Persetujuan: setujui di sana.</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: reject it there.</source>
        <translation>Pembayaran difokuskan di Persetujuan: tolak di sana.</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) waiting for your decision. Quit anyway?</source>
        <translation>
            <numerusform>%n pembayaran menunggu keputusan Anda. Tetap keluar?</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers are waiting at the counter: undecided payments expire on the server.</source>
        <translation>Pelanggan menunggu di konter: pembayaran yang belum diputuskan akan kedaluwarsa di server.</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>Tetap keluar</translation>
    </message>
</context>
<context>
    <name>MonitorController</name>
    <message>
        <source>These connection settings cannot be used.</source>
        <translation>Pengaturan koneksi ini tidak dapat dipakai.</translation>
    </message>
    <message>
        <source>This server address cannot be used.</source>
        <translation>Alamat server ini tidak dapat dipakai.</translation>
    </message>
    <message>
        <source>A received event could not be shown.</source>
        <translation>Peristiwa yang diterima tidak dapat ditampilkan.</translation>
    </message>
    <message>
        <source>Events are no longer saved to the history.</source>
        <translation>Peristiwa tidak lagi disimpan ke riwayat.</translation>
    </message>
    <message>
        <source>Something went wrong in the background.</source>
        <translation>Terjadi masalah di latar belakang.</translation>
    </message>
</context>
<context>
    <name>MonitorStatusBar</name>
    <message>
        <source>● Offline</source>
        <translation>● Luring</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● Menyambung…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● Tersambung</translation>
    </message>
    <message>
        <source>● Reconnecting</source>
        <translation>● Menyambung ulang</translation>
    </message>
    <message>
        <source>● Refused</source>
        <translation>● Ditolak server</translation>
    </message>
    <message>
        <source>heartbeat —</source>
        <translation>heartbeat —</translation>
    </message>
    <message>
        <source>⚠ TLS verification OFF</source>
        <translation>⚠ Verifikasi TLS MATI</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not checked: anyone on the network path could pretend to be the server. Use only for testing.</source>
        <translation>Sertifikat server tidak diperiksa: siapa pun di jalur jaringan dapat menyamar sebagai server. Gunakan hanya untuk pengujian.</translation>
    </message>
    <message>
        <source>DEMO SERVER</source>
        <translation>SERVER DEMO</translation>
    </message>
    <message>
        <source>Connected to the built-in simulator, not a real eWallet</source>
        <translation>Tersambung ke simulator bawaan, bukan eWallet sungguhan</translation>
    </message>
    <message>
        <source>Sound: unavailable — {reason}</source>
        <translation>Suara: tidak tersedia — {reason}</translation>
    </message>
    <message>
        <source>{problem}. Cards pulse instead.</source>
        <translation>{problem}. Kartu berkedip sebagai gantinya.</translation>
    </message>
    <message>
        <source>The shared history database (PostgreSQL) cannot be reached: every event is kept in a local spool in the data folder and written to the database, in order and once each, when it answers again. Claims cannot be taken meanwhile. Last error: {error}.</source>
        <translation>Basis data riwayat bersama (PostgreSQL) tidak dapat dihubungi: setiap peristiwa disimpan di spool lokal dalam folder data dan ditulis ke basis data, berurutan dan masing-masing sekali, begitu basis data menjawab lagi. Klaim tidak dapat diambil sementara itu. Galat terakhir: {error}.</translation>
    </message>
    <message>
        <source>⚠ History not saving — retrying</source>
        <translation>⚠ Riwayat tidak tersimpan — mencoba lagi</translation>
    </message>
    <message>
        <source>The event history cannot be written: {error}. Events are kept and written as soon as the database accepts them (another program may be holding it, or the disk may be full).</source>
        <translation>Riwayat peristiwa tidak dapat ditulis: {error}. Peristiwa tetap disimpan dan ditulis begitu basis data menerimanya (mungkin sedang dipakai program lain, atau disk penuh).</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n event(s) not saved</source>
        <translation>
            <numerusform>⚠ %n peristiwa tidak tersimpan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored in the history at all; each one is described in the log.</source>
        <translation>
            <numerusform>%n peristiwa sama sekali tidak dapat disimpan di riwayat; masing-masing dijelaskan di log.</numerusform>
        </translation>
    </message>
    <message>
        <source>heartbeat {ms} ms</source>
        <translation>heartbeat {ms} md</translation>
    </message>
    <message>
        <source>{rate} events/s</source>
        <translation>{rate} peristiwa/d</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n menunggu</numerusform>
        </translation>
    </message>
    <message>
        <source>● Reconnecting in {seconds} s</source>
        <translation>● Menyambung ulang dalam {seconds} d</translation>
    </message>
    <message>
        <source>● Refused: {reason}</source>
        <translation>● Ditolak server: {reason}</translation>
    </message>
    <message>
        <source>● Connected to {url}</source>
        <translation>● Tersambung ke {url}</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Payment confirmed</source>
        <translation>Pembayaran dikonfirmasi</translation>
    </message>
    <message>
        <source>Payment rejected</source>
        <translation>Pembayaran ditolak</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>Pembayaran gagal</translation>
    </message>
    <message>
        <source>Payment expired</source>
        <translation>Pembayaran kedaluwarsa</translation>
    </message>
    <message>
        <source>Payment cancelled by the customer</source>
        <translation>Pembayaran dibatalkan oleh pelanggan</translation>
    </message>
    <message>
        <source>Payment can no longer be decided</source>
        <translation>Pembayaran tidak dapat diputuskan lagi</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>Pemantau eWallet</translation>
    </message>
    <message>
        <source>Payment waiting for approval</source>
        <translation>Pembayaran menunggu persetujuan</translation>
    </message>
    <message>
        <source>{amount} from {customer}</source>
        <translation>{amount} dari {customer}</translation>
    </message>
    <message>
        <source>{outcome}: {amount}</source>
        <translation>{outcome}: {amount}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>dari {customer}</translation>
    </message>
    <message>
        <source>Payment waiting: {amount}</source>
        <translation>Pembayaran menunggu: {amount}</translation>
    </message>
</context>
<context>
    <name>OperatorTools</name>
    <message>
        <source>Colouring &amp;rules…</source>
        <translation>&amp;Aturan pewarnaan…</translation>
    </message>
    <message>
        <source>Colour rows of the log and History by filter expressions (this profile&apos;s rules)</source>
        <translation>Warnai baris log dan Riwayat dengan ekspresi filter (aturan profil ini)</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>Anomali</translation>
    </message>
    <message>
        <source>Anomal&amp;ies</source>
        <translation>Anomal&amp;i</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>&amp;Statistik…</translation>
    </message>
    <message>
        <source>Counts, volumes, failures and approval times per operator, from the history</source>
        <translation>Jumlah, volume, kegagalan, dan waktu persetujuan per operator, dari riwayat</translation>
    </message>
    <message>
        <source>Its rows are no longer in the log, or the filter hides them (History has every stored event)</source>
        <translation>Barisnya tidak lagi ada di log, atau disembunyikan filter (Riwayat memuat semua peristiwa tersimpan)</translation>
    </message>
</context>
<context>
    <name>ProfileBook</name>
    <message>
        <source>The URL&apos;s query holds credentials; put them in the credential fields.</source>
        <translation>Kueri URL memuat kredensial; masukkan ke kolom kredensial.</translation>
    </message>
    <message>
        <source>A profile needs a name.</source>
        <translation>Profil memerlukan nama.</translation>
    </message>
    <message>
        <source>A profile name must not start or end with blanks.</source>
        <translation>Nama profil tidak boleh diawali atau diakhiri spasi.</translation>
    </message>
    <message>
        <source>A profile name is at most 100 characters.</source>
        <translation>Nama profil paling banyak 100 karakter.</translation>
    </message>
    <message>
        <source>A profile name must be on one line.</source>
        <translation>Nama profil harus dalam satu baris.</translation>
    </message>
    <message>
        <source>There is no profile named {name}.</source>
        <translation>Tidak ada profil bernama {name}.</translation>
    </message>
    <message>
        <source>A profile named {name} exists already.</source>
        <translation>Profil bernama {name} sudah ada.</translation>
    </message>
    <message>
        <source>{file} is not JSON: {error}</source>
        <translation>{file} bukan JSON: {error}</translation>
    </message>
    <message>
        <source>{file} is not an ewallet-monitor profiles file.</source>
        <translation>{file} bukan berkas profil ewallet-monitor.</translation>
    </message>
    <message>
        <source>{file} has no list of profiles.</source>
        <translation>{file} tidak memuat daftar profil.</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Potong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Tempel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Atur ulang</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
</context>
<context>
    <name>QueryBar</name>
    <message>
        <source>Expression: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</source>
        <translation>Ekspresi: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</translation>
    </message>
    <message>
        <source>Fields: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
Operators: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</source>
        <translation>Kolom: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
Operator: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>Filter tersimpan</translation>
    </message>
    <message>
        <source>No saved filters</source>
        <translation>Tidak ada filter tersimpan</translation>
    </message>
    <message>
        <source>Save this filter as…</source>
        <translation>Simpan filter ini sebagai…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>Simpan filter</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>Nama filter ini:</translation>
    </message>
</context>
<context>
    <name>SecondsField</name>
    <message>
        <source>{low}–{high} s</source>
        <translation>{low}–{high} d</translation>
    </message>
    <message>
        <source>The value</source>
        <translation>Nilai</translation>
    </message>
    <message>
        <source>{name} is empty: enter {range}.</source>
        <translation>{name} kosong: masukkan {range}.</translation>
    </message>
    <message>
        <source>{name} must be a number of seconds ({range}), not {text}.</source>
        <translation>{name} harus berupa jumlah detik ({range}), bukan {text}.</translation>
    </message>
    <message>
        <source>{name} must be {range}; {text} s is outside that range.</source>
        <translation>{name} harus {range}; {text} d di luar rentang itu.</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Sampai</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>&amp;Hitung</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Menghitung…</translation>
    </message>
    <message>
        <source>Computed in {seconds} s</source>
        <translation>Dihitung dalam {seconds} d</translation>
    </message>
    <message>
        <source>The statistics could not be read: {error}</source>
        <translation>Statistik tidak dapat dibaca: {error}</translation>
    </message>
    <message>
        <source>the start</source>
        <translation>awal</translation>
    </message>
    <message>
        <source>now</source>
        <translation>kini</translation>
    </message>
    <message>
        <source>token</source>
        <translation>token</translation>
    </message>
    <message>
        <source>status</source>
        <translation>status</translation>
    </message>
    <message>
        <source>count</source>
        <translation>banyaknya</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>volume</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>dari {start} sampai {end}</translation>
    </message>
    <message>
        <source>expiries: {count}</source>
        <translation>kedaluwarsa: {count}</translation>
    </message>
    <message>
        <source>failures by reason:</source>
        <translation>kegagalan menurut alasan:</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(tanpa kode)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>approval time, request to decision:</source>
        <translation>waktu persetujuan, dari permintaan sampai keputusan:</translation>
    </message>
    <message>
        <source>os user</source>
        <translation>pengguna OS</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>profil</translation>
    </message>
    <message>
        <source>decisions</source>
        <translation>keputusan</translation>
    </message>
    <message>
        <source>max</source>
        <translation>maks</translation>
    </message>
    <message>
        <source>no decisions</source>
        <translation>tidak ada keputusan</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} d</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>eWallet monitor — supervisor — {where}</source>
        <translation>eWallet monitor — supervisor — {where}</translation>
    </message>
    <message>
        <source>Reading the shared store…</source>
        <translation>Membaca penyimpanan bersama…</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>Meja</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Konsumsi</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Tindakan</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Jumlah</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>Detak terakhir</translation>
    </message>
    <message>
        <source>Open claims</source>
        <translation>Klaim terbuka</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Sejak</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>Diterima di</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>Diklaim oleh</translation>
    </message>
    <message>
        <source>Taken over from</source>
        <translation>Diambil alih dari</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Waktu</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Jawaban</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <source>Desks</source>
        <translation>Meja</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Klaim</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>{desks} desks alive · {waiting} payments waiting · {claims} claimed ({deciding} deciding) · read {at}</source>
        <translation>{desks} meja aktif · {waiting} pembayaran menunggu · {claims} diklaim ({deciding} diputuskan) · dibaca {at}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>berhenti</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>hilang</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Cashier</source>
        <translation>Kasir</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>not installed</source>
        <translation>tidak terpasang</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>Pemantau eWallet</translation>
    </message>
    <message>
        <source>Watch eWallet websocket channels live, and approve or reject payments that need a cashier&apos;s confirmation.</source>
        <translation>Pantau kanal websocket eWallet secara langsung, dan setujui atau tolak pembayaran yang memerlukan konfirmasi kasir.</translation>
    </message>
    <message>
        <source>Licensed under Apache-2.0.</source>
        <translation>Dilisensikan di bawah Apache-2.0.</translation>
    </message>
    <message>
        <source>About eWallet monitor</source>
        <translation>Tentang Pemantau eWallet</translation>
    </message>
</context>
<context>
    <name>accessibility</name>
    <message>
        <source>Clear</source>
        <translation>Bersihkan</translation>
    </message>
</context>
<context>
    <name>protocol</name>
    <message>
        <source>waiting for you</source>
        <translation>menunggu Anda</translation>
    </message>
    <message>
        <source>approving…</source>
        <translation>menyetujui…</translation>
    </message>
    <message>
        <source>rejecting…</source>
        <translation>menolak…</translation>
    </message>
    <message>
        <source>not done — try again</source>
        <translation>belum terlaksana — coba lagi</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>hasil tidak diketahui</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>gagal</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>kedaluwarsa</translation>
    </message>
    <message>
        <source>cancelled by the customer</source>
        <translation>dibatalkan oleh pelanggan</translation>
    </message>
    <message>
        <source>request used up</source>
        <translation>permintaan sudah habis terpakai</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Akun</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Alamat</translation>
    </message>
    <message>
        <source>Transaction request</source>
        <translation>Permintaan transaksi</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Konsumsi</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Pengguna</translation>
    </message>
    <message>
        <source>The server says it expired before the decision.</source>
        <translation>Server menyatakan sudah kedaluwarsa sebelum keputusan.</translation>
    </message>
    <message>
        <source>The customer cancelled it before the decision.</source>
        <translation>Pelanggan membatalkannya sebelum keputusan.</translation>
    </message>
    <message>
        <source>The request reached its maximum number of consumptions: the server refuses to approve or reject this one.</source>
        <translation>Permintaan sudah mencapai batas jumlah konsumsi: server menolak untuk menyetujui atau menolak yang ini.</translation>
    </message>
    <message>
        <source>Not verified since the outage: while the connection was down it may have been approved, rejected or cancelled elsewhere, and these credentials cannot read it.</source>
        <translation>Belum diverifikasi sejak gangguan: selama koneksi terputus, ini mungkin sudah disetujui, ditolak, atau dibatalkan di tempat lain, dan kredensial ini tidak dapat membacanya.</translation>
    </message>
    <message>
        <source>The server does not check that a consumption is still pending: approving one that was rejected meanwhile pays it; rejecting one that was confirmed records it rejected although the money moved.</source>
        <translation>Server tidak memeriksa apakah konsumsi masih tertunda: menyetujui yang sementara itu sudah ditolak akan membayarnya; menolak yang sudah dikonfirmasi mencatatnya ditolak walaupun uangnya sudah berpindah.</translation>
    </message>
    <message>
        <source>The request expired before it was approved.</source>
        <translation>Permintaan kedaluwarsa sebelum disetujui.</translation>
    </message>
    <message>
        <source>The answer to the last &apos;{action}&apos; never came: it may have gone through.</source>
        <translation>Jawaban atas &apos;{action}&apos; terakhir tidak pernah datang: mungkin sudah terlaksana.</translation>
    </message>
    <message>
        <source>Checked with the server: still pending. &apos;{action}&apos; may be tried again.</source>
        <translation>Sudah dicek ke server: masih tertunda. &apos;{action}&apos; boleh dicoba lagi.</translation>
    </message>
    <message>
        <source>Could not verify with the server: {reason}</source>
        <translation>Tidak dapat memverifikasi ke server: {reason}</translation>
    </message>
    <message>
        <source>The server failed while handling &apos;{action}&apos; (HTTP {status}, {reason}): it may or may not have gone through.</source>
        <translation>Server gagal saat menangani &apos;{action}&apos; (HTTP {status}, {reason}): mungkin sudah terlaksana, mungkin belum.</translation>
    </message>
    <message>
        <source>Could not {action}: {reason}</source>
        <translation>Tidak dapat {action}: {reason}</translation>
    </message>
    <message>
        <source>No answer from the server to &apos;{action}&apos;: it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>Tidak ada jawaban server atas &apos;{action}&apos;: mungkin sudah terlaksana. Menunggu konfirmasi server.</translation>
    </message>
    <message>
        <source>The connection broke during &apos;{action}&apos; ({reason}): it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>Koneksi putus saat &apos;{action}&apos; ({reason}): mungkin sudah terlaksana. Menunggu konfirmasi server.</translation>
    </message>
    <message>
        <source>Could not reach the server to {action}: {reason}</source>
        <translation>Tidak dapat menghubungi server untuk {action}: {reason}</translation>
    </message>
    <message>
        <source>History database unreachable — spooling locally ({count} events)</source>
        <translation>Basis data riwayat tidak terjangkau — disimpan lokal ({count} peristiwa)</translation>
    </message>
    <message>
        <source>History database back — writing back {count} spooled events</source>
        <translation>Basis data riwayat kembali — menulis ulang {count} peristiwa tersimpan</translation>
    </message>
    <message>
        <source>approve</source>
        <translation>menyetujui</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>menolak</translation>
    </message>
</context>
</TS>
