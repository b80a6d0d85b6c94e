<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja">
<context>
    <name>AddChannelDialog</name>
    <message>
        <source>usr_01cbfg9qtdken61agxhx6wvj9h or a provider user id</source>
        <translation>usr_01cbfg9qtdken61agxhx6wvj9h またはプロバイダーのユーザー ID</translation>
    </message>
    <message>
        <source>Add channel</source>
        <translation>チャンネルを追加</translation>
    </message>
    <message>
        <source>Type the id, or paste a whole topic such as transaction_request:txr_…</source>
        <translation>ID を入力するか、transaction_request:txr_… のようなトピック全体を貼り付けます</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>参加</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>種類:</translation>
    </message>
    <message>
        <source>Id or topic:</source>
        <translation>ID またはトピック:</translation>
    </message>
    <message>
        <source>Enter a {kind} id.</source>
        <translation>{kind} の ID を入力してください。</translation>
    </message>
    <message>
        <source>{topic} is already in the channel list (use Rejoin).</source>
        <translation>{topic} はすでにチャンネル一覧にあります (「再参加」を使ってください)。</translation>
    </message>
    <message>
        <source>Will join {topic}</source>
        <translation>{topic} に参加します</translation>
    </message>
    <message>
        <source>(not the current server&apos;s id form; fine for older servers)</source>
        <translation>(現在のサーバーの ID 形式ではありません。古いサーバーでは問題ありません)</translation>
    </message>
</context>
<context>
    <name>AmountLabel</name>
    <message>
        <source>Copy amount</source>
        <translation>金額をコピー</translation>
    </message>
</context>
<context>
    <name>AnomaliesView</name>
    <message>
        <source>Anomalies</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>Problems of this session; activate one to jump to its rows in the event log</source>
        <translation>このセッションの問題です。選ぶとイベントログの該当行へ移動します</translation>
    </message>
    <message>
        <source>No anomalies so far.</source>
        <translation>これまでに異常はありません。</translation>
    </message>
</context>
<context>
    <name>AnomalyModel</name>
    <message>
        <source>Last</source>
        <translation>最終</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message numerus="yes">
        <source>first {time}; %n log row(s) — activate to jump to them</source>
        <translation>
            <numerusform>初回 {time}、ログ %n 行 — 選ぶとその行へ移動します</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ApprovalCardWidget</name>
    <message>
        <source>Ctrl+Enter, or A when the queue has focus</source>
        <translation>Ctrl+Enter、またはキューにフォーカスがあるときは A</translation>
    </message>
    <message>
        <source>Ctrl+Backspace, or R when the queue has focus</source>
        <translation>Ctrl+Backspace、またはキューにフォーカスがあるときは R</translation>
    </message>
    <message>
        <source>✓ Confirmed</source>
        <translation>✓ 確定</translation>
    </message>
    <message>
        <source>✗ Rejected</source>
        <translation>✗ 拒否済み</translation>
    </message>
    <message>
        <source>Cancelled by the customer</source>
        <translation>お客様がキャンセル</translation>
    </message>
    <message>
        <source>✗ Failed</source>
        <translation>✗ 失敗</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>✗ Cannot be decided</source>
        <translation>✗ 判断できません</translation>
    </message>
    <message>
        <source>Take over…</source>
        <translation>引き継ぐ…</translation>
    </message>
    <message>
        <source>Decide this payment here instead (asks why; kept in the audit trail)</source>
        <translation>この支払いをここで判断します（理由を尋ね、監査記録に残します）</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Approve this payment ({keys})</source>
        <translation>この支払いを承認 ({keys})</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Reject this payment ({keys})</source>
        <translation>この支払いを拒否 ({keys})</translation>
    </message>
    <message>
        <source>Yes, approve</source>
        <translation>はい、承認します</translation>
    </message>
    <message>
        <source>Approve now (Enter)</source>
        <translation>今すぐ承認 (Enter)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Do not approve (Esc)</source>
        <translation>承認しない (Esc)</translation>
    </message>
    <message>
        <source>wallet {address}</source>
        <translation>ウォレット {address}</translation>
    </message>
    <message>
        <source>Created {time}</source>
        <translation>作成 {time}</translation>
    </message>
    <message>
        <source>Request {id}</source>
        <translation>リクエスト {id}</translation>
    </message>
    <message>
        <source>Consumption {id}</source>
        <translation>コンサンプション {id}</translation>
    </message>
    <message>
        <source>⚑ This payment is {holder}.</source>
        <translation>⚑ この支払いは{holder}です。</translation>
    </message>
    <message>
        <source>Past its expiration time by this computer&apos;s clock. The server decides: it may still take an answer until it marks the request expired.</source>
        <translation>このコンピューターの時計では期限切れです。判断するのはサーバーで、リクエストを期限切れにするまでは応答を受け付けることがあります。</translation>
    </message>
    <message>
        <source>Yes, reject</source>
        <translation>はい、拒否します</translation>
    </message>
    <message>
        <source>Reject now (Enter)</source>
        <translation>今すぐ拒否 (Enter)</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>承認中…</translation>
    </message>
    <message>
        <source>Rejecting…</source>
        <translation>拒否中…</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>未完了</translation>
    </message>
    <message>
        <source>Outcome unknown</source>
        <translation>結果不明</translation>
    </message>
    <message>
        <source>Not verified since the outage</source>
        <translation>切断以降は未確認</translation>
    </message>
    <message>
        <source>Waiting for you</source>
        <translation>あなたの判断待ち</translation>
    </message>
    <message>
        <source>Recovered</source>
        <translation>復元済み</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive here until it is back.</source>
        <translation>ライブ接続が切れています。接続が戻るまで、サーバーからの確定はここに届きません。</translation>
    </message>
    <message>
        <source>Fetched from the server after a reconnect (not seen live).</source>
        <translation>再接続後にサーバーから取得しました (ライブでは受信していません)。</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer}</source>
        <translation>{customer} 様からの支払い {amount}</translation>
    </message>
</context>
<context>
    <name>ApprovalHistoryModel</name>
    <message>
        <source>left undecided</source>
        <translation>未判断のまま</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while it was waiting, so it can no longer be decided here.</source>
        <translation>このサーバーのものではありません。待機中に接続先が変わったため、ここでは判断できません。</translation>
    </message>
    <message>
        <source>Not from this server: the connection changed while a decision on it was on its way (the audit trail has the server&apos;s answer).</source>
        <translation>このサーバーのものではありません。判断を送信中に接続先が変わりました (サーバーの応答は監査ログにあります)。</translation>
    </message>
    <message>
        <source>Settled</source>
        <translation>処理済み</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation>お客様</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>コンサンプション</translation>
    </message>
</context>
<context>
    <name>ApprovalListModel</name>
    <message>
        <source>no expiry</source>
        <translation>期限なし</translation>
    </message>
    <message>
        <source>expiring now</source>
        <translation>まもなく期限切れ</translation>
    </message>
    <message>
        <source>{n} minute</source>
        <translation>{n} 分</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} 分</translation>
    </message>
    <message>
        <source>{n} second</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} seconds</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>expires in {time}</source>
        <translation>期限まで {time}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>{customer} 様から</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>ApprovalListView</name>
    <message>
        <source>recovered</source>
        <translation>復元済み</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Payments waiting, most urgent first</source>
        <translation>待機中の支払い (緊急度の高い順)</translation>
    </message>
</context>
<context>
    <name>ApprovalQueue</name>
    <message>
        <source>expiring…</source>
        <translation>まもなく期限切れ…</translation>
    </message>
    <message>
        <source>expires in {clock}</source>
        <translation>期限まで {clock}</translation>
    </message>
</context>
<context>
    <name>ApprovalQueueView</name>
    <message>
        <source>Sound on a payment&apos;s arrival and outcome, and a desktop notification while the window is in the background</source>
        <translation>支払いの着信時と結果の通知音、およびウィンドウが背面にあるときのデスクトップ通知</translation>
    </message>
    <message>
        <source>always</source>
        <translation>常に</translation>
    </message>
    <message>
        <source>Approvals of this token above this amount ask for a second click (0 = always ask); each token has its own</source>
        <translation>このトークンでこの金額を超える承認は、もう一度クリックが必要です (0 = 常に確認)。トークンごとに設定できます</translation>
    </message>
    <message>
        <source>Live connection down: approvals still go through, but their confirmation cannot arrive until the connection is back.</source>
        <translation>ライブ接続が切れています。承認は送信されますが、接続が戻るまで確定は届きません。</translation>
    </message>
    <message>
        <source>No payment waiting. New ones appear here.</source>
        <translation>待機中の支払いはありません。新しい支払いはここに表示されます。</translation>
    </message>
    <message>
        <source>History</source>
        <translation>履歴</translation>
    </message>
    <message>
        <source>Sound: muted</source>
        <translation>サウンド: ミュート</translation>
    </message>
    <message>
        <source>Sound: unavailable</source>
        <translation>サウンド: 利用不可</translation>
    </message>
    <message>
        <source>Sound: on</source>
        <translation>サウンド: オン</translation>
    </message>
    <message>
        <source>Sound unavailable: {problem}. Cards pulse instead.</source>
        <translation>サウンドを利用できません: {problem}。代わりにカードが点滅します。</translation>
    </message>
    <message>
        <source>Reject? {warning}</source>
        <translation>拒否しますか? {warning}</translation>
    </message>
    <message>
        <source>Approve {amount}?</source>
        <translation>{amount} を承認しますか?</translation>
    </message>
    <message>
        <source>The live connection is down: the approval goes out over HTTP, but its confirmation cannot arrive here until the connection is back.</source>
        <translation>ライブ接続が切れています。承認は HTTP で送信されますが、接続が戻るまで確定はここに届きません。</translation>
    </message>
    <message>
        <source>1 more payment {countdown} — Ctrl+1</source>
        <translation>ほかに支払い 1 件: {countdown} — Ctrl+1</translation>
    </message>
    <message numerus="yes">
        <source>%n more payments expire soon, the first {countdown} — Ctrl+1</source>
        <translation>
            <numerusform>ほかに支払い %n 件がまもなく期限切れ、最初の 1 件は{countdown} — Ctrl+1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new payment(s) out of view — Ctrl+1</source>
        <translation>
            <numerusform>表示外に新しい支払いが %n 件 — Ctrl+1</numerusform>
        </translation>
    </message>
    <message>
        <source>asks to confirm: every approval</source>
        <translation>確認あり: すべての承認</translation>
    </message>
    <message>
        <source>asks to confirm: above {amount} {token}</source>
        <translation>確認あり: 金額 {amount} {token} 超</translation>
    </message>
    <message>
        <source>Ask to confirm {token} approvals above:</source>
        <translation>{token} 承認の確認金額:</translation>
    </message>
    <message>
        <source>Ask to confirm above:</source>
        <translation>確認する金額:</translation>
    </message>
    <message>
        <source>Waiting for approval ({count})</source>
        <translation>承認待ち ({count})</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>承認待ち</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>履歴 ({count})</translation>
    </message>
</context>
<context>
    <name>CashierController</name>
    <message>
        <source>Unknown action {action}.</source>
        <translation>不明な操作 {action} です。</translation>
    </message>
    <message>
        <source>This payment is {holder}: take it over to decide here.</source>
        <translation>この支払いは{holder}です。ここで判断するには引き継いでください。</translation>
    </message>
    <message>
        <source>Say why you take this payment over.</source>
        <translation>この支払いを引き継ぐ理由を入力してください。</translation>
    </message>
    <message>
        <source>The shared database cannot be reached: nothing can be taken over.</source>
        <translation>共有データベースに接続できません。引き継ぎはできません。</translation>
    </message>
    <message>
        <source>Not taken over: a decision from {desk} is on its way and its outcome is not known yet.</source>
        <translation>引き継ぎませんでした: {desk} の判断が送信中で、結果はまだ分かりません。</translation>
    </message>
    <message>
        <source>Not taken over: it is no longer held by another desk.</source>
        <translation>引き継ぎませんでした: もう他の窓口が担当していません。</translation>
    </message>
    <message>
        <source>Not connected: connect to a server before approving or rejecting.</source>
        <translation>未接続です。承認または拒否の前にサーバーに接続してください。</translation>
    </message>
    <message>
        <source>This consumption is not in the approval queue.</source>
        <translation>このコンサンプションは承認キューにありません。</translation>
    </message>
    <message>
        <source>This consumption cannot be changed now.</source>
        <translation>このコンサンプションは現在変更できません。</translation>
    </message>
    <message>
        <source>The live connection is down: the server&apos;s confirmation cannot arrive until it is back. The answer to this request is all you will see.</source>
        <translation>ライブ接続が切れています。接続が戻るまでサーバーからの確定は届きません。表示されるのはこのリクエストへの応答だけです。</translation>
    </message>
</context>
<context>
    <name>ChannelTreeModel</name>
    <message>
        <source>Channel</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Addresses</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Transaction requests</source>
        <translation>取引リクエスト</translation>
    </message>
    <message>
        <source>Consumptions</source>
        <translation>コンサンプション</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>その他</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>joining…</source>
        <translation>参加中…</translation>
    </message>
    <message>
        <source>joined</source>
        <translation>参加済み</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>拒否されました</translation>
    </message>
    <message>
        <source>rejoining…</source>
        <translation>再参加中…</translation>
    </message>
    <message>
        <source>leaving…</source>
        <translation>退出中…</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
</context>
<context>
    <name>ChannelTreeView</name>
    <message>
        <source>Add…</source>
        <translation>追加…</translation>
    </message>
    <message>
        <source>Join another channel (kind and id, or a pasted topic)</source>
        <translation>別のチャンネルに参加 (種類と ID、または貼り付けたトピック)</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Rejoin</source>
        <translation>再参加</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>トピックをコピー</translation>
    </message>
    <message>
        <source>Add channel…</source>
        <translation>チャンネルを追加…</translation>
    </message>
</context>
<context>
    <name>ColourRules</name>
    <message>
        <source>{rule}: {colour} is not a colour</source>
        <translation>{rule}: {colour} は色ではありません</translation>
    </message>
</context>
<context>
    <name>ColourRulesDialog</name>
    <message>
        <source>Rule</source>
        <translation>ルール</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>フィルター</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <source>Colouring rules</source>
        <translation>色分けルール</translation>
    </message>
    <message>
        <source>The first enabled rule that matches wins</source>
        <translation>一致する有効なルールのうち最初のものが適用されます</translation>
    </message>
    <message>
        <source>&amp;Colours…</source>
        <translation>色(&amp;C)…</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <source>The first enabled rule whose filter matches a row colours it (filter language: e.g. status == &quot;failed&quot; and amount &gt; 0.5).</source>
        <translation>フィルターが行に一致した最初の有効なルールで、その行に色が付きます (フィルター言語の例: status == &quot;failed&quot; and amount &gt; 0.5)。</translation>
    </message>
    <message>
        <source>Rule {number}</source>
        <translation>ルール {number}</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新しいルール</translation>
    </message>
    <message>
        <source>Text colour</source>
        <translation>文字色</translation>
    </message>
</context>
<context>
    <name>ConnectionForm</name>
    <message>
        <source>In headers</source>
        <translation>ヘッダーで</translation>
    </message>
    <message>
        <source>In the URL query</source>
        <translation>URL のクエリで</translation>
    </message>
    <message>
        <source>(no profile)</source>
        <translation>(プロファイルなし)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>表示</translation>
    </message>
    <message>
        <source>Show or hide the secret</source>
        <translation>シークレットを表示または非表示</translation>
    </message>
    <message>
        <source>Headers (Authorization) is the normal way. The URL query form is for proxies that strip headers; the URL then holds the credentials.</source>
        <translation>通常はヘッダー (Authorization) を使います。URL のクエリ形式はヘッダーを削除するプロキシ向けで、その場合 URL に認証情報が含まれます。</translation>
    </message>
    <message>
        <source>Verify the certificate</source>
        <translation>証明書を検証する</translation>
    </message>
    <message>
        <source>Check the server&apos;s TLS certificate. Turn off only for a test server.</source>
        <translation>サーバーの TLS 証明書を検証します。オフにするのはテストサーバーの場合だけにしてください。</translation>
    </message>
    <message>
        <source>system certificates</source>
        <translation>システムの証明書</translation>
    </message>
    <message>
        <source>Choose a CA certificate file</source>
        <translation>CA 証明書ファイルを選択</translation>
    </message>
    <message>
        <source>How often to check the connection (the server drops it after 60 s of silence)</source>
        <translation>接続を確認する間隔 (60 秒間無通信だとサーバーが切断します)</translation>
    </message>
    <message>
        <source>seconds, {range}</source>
        <translation>秒、{range}</translation>
    </message>
    <message>
        <source>user:usr_…
transaction_request:txr_…</source>
        <translation>user:usr_…
transaction_request:txr_…</translation>
    </message>
    <message>
        <source>Channels to join, one topic per line</source>
        <translation>参加するチャンネル (1 行に 1 トピック)</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>切断</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>サーバー URL</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>認証情報</translation>
    </message>
    <message>
        <source>Send credentials</source>
        <translation>認証情報の送信方法</translation>
    </message>
    <message>
        <source>CA file</source>
        <translation>CA ファイル</translation>
    </message>
    <message>
        <source>Heartbeat</source>
        <translation>ハートビート</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Connect anyway</source>
        <translation>それでも接続</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Named connections: choose one to fill the form</source>
        <translation>名前付きの接続です。選ぶとフォームに入力されます</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the form into the chosen profile</source>
        <translation>フォームを選択中のプロファイルに保存</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>名前を付けて保存…</translation>
    </message>
    <message>
        <source>Save the form as a new profile</source>
        <translation>フォームを新しいプロファイルとして保存</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>名前を変更…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Delete the chosen profile (and its remembered secret)</source>
        <translation>選択中のプロファイル (と記憶したシークレット) を削除</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>プロファイル名</translation>
    </message>
    <message>
        <source>Remember the secret in the system keyring</source>
        <translation>シークレットをシステムのキーリングに記憶する</translation>
    </message>
    <message>
        <source>Cashier desk: open in the Cashier layout</source>
        <translation>レジ窓口: レジ レイアウトで開く</translation>
    </message>
    <message>
        <source>Payments first: the Approvals panel fills the window (saved with the profile)</source>
        <translation>支払いを優先: 承認パネルがウィンドウ全体に表示されます (プロファイルに保存)</translation>
    </message>
    <message>
        <source>The heartbeat</source>
        <translation>ハートビート</translation>
    </message>
    <message>
        <source>Line {number}: {problem}</source>
        <translation>{number} 行目: {problem}</translation>
    </message>
    <message>
        <source>A CA file is only used when the certificate is verified.</source>
        <translation>CA ファイルは証明書を検証するときだけ使われます。</translation>
    </message>
    <message>
        <source>Connects to {url}</source>
        <translation>{url} に接続します</translation>
    </message>
    <message>
        <source>{host} is reached without encryption (ws:// / http://): the credentials and every payment can be read and changed on the way. Use https:// unless you know this network is private.</source>
        <translation>{host} へは暗号化なしで接続します (ws:// / http://)。認証情報とすべての支払いが途中で読まれたり改ざんされたりするおそれがあります。このネットワークが閉じたものだと確かでない限り https:// を使ってください。</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>再接続</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>非表示</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>CA 証明書ファイル</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>証明書 (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Keep the secret in the system keyring (never in a settings file)</source>
        <translation>シークレットはシステムのキーリングに保管します (設定ファイルには保存しません)</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; the secret came from the system keyring.</source>
        <translation>プロファイル「{name}」を読み込みました。シークレットはシステムのキーリングから取得しました。</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret (none is remembered yet).</source>
        <translation>プロファイル「{name}」を読み込みました。シークレットを入力してください (まだ記憶されていません)。</translation>
    </message>
    <message>
        <source>Profile “{name}” loaded; enter the secret.</source>
        <translation>プロファイル「{name}」を読み込みました。シークレットを入力してください。</translation>
    </message>
    <message>
        <source>Profile “{name}” saved; the secret is in the system keyring.</source>
        <translation>プロファイル「{name}」を保存しました。シークレットはシステムのキーリングにあります。</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret. {reason}</source>
        <translation>プロファイル「{name}」をシークレットなしで保存しました。{reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret: {reason}</source>
        <translation>プロファイル「{name}」をシークレットなしで保存しました: {reason}</translation>
    </message>
    <message>
        <source>Profile “{name}” saved without the secret.</source>
        <translation>プロファイル「{name}」をシークレットなしで保存しました。</translation>
    </message>
    <message>
        <source>Profile “{name}” deleted (and its remembered secret, if any).</source>
        <translation>プロファイル「{name}」を削除しました (記憶したシークレットがあればそれも)。</translation>
    </message>
    <message>
        <source>Profile “{old}” is now “{new}”.</source>
        <translation>プロファイル「{old}」は「{new}」になりました。</translation>
    </message>
    <message>
        <source>Save the form as a new profile named:</source>
        <translation>フォームを新しいプロファイルとして保存する名前:</translation>
    </message>
    <message>
        <source>Rename “{name}” to:</source>
        <translation>「{name}」の新しい名前:</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <source>Delete the profile “{name}” and its remembered secret?</source>
        <translation>プロファイル「{name}」と記憶したシークレットを削除しますか?</translation>
    </message>
    <message>
        <source>A profile named “{name}” exists already.</source>
        <translation>「{name}」という名前のプロファイルはすでにあります。</translation>
    </message>
    <message>
        <source>Shared history</source>
        <translation>共有履歴</translation>
    </message>
    <message>
        <source>this computer (SQLite)</source>
        <translation>このコンピューター (SQLite)</translation>
    </message>
    <message>
        <source>A PostgreSQL history shared by several desks, e.g. postgresql://desk@dbhost:5432/ewallet — without the password (the keyring or PGPASSFILE has it). Used when the window starts with this profile.</source>
        <translation>複数の窓口で共有する PostgreSQL の履歴 (例: postgresql://desk@dbhost:5432/ewallet)。パスワードは含めません (キーリングまたは PGPASSFILE に保存)。このプロファイルでウィンドウを開いたときに使われます。</translation>
    </message>
</context>
<context>
    <name>DecisionGuard</name>
    <message>
        <source>This payment is no longer waiting.</source>
        <translation>この支払いはもう待機中ではありません。</translation>
    </message>
    <message>
        <source>This payment is not from the server you are connected to now.</source>
        <translation>この支払いは現在接続中のサーバーのものではありません。</translation>
    </message>
    <message>
        <source>A decision on this payment is already on its way.</source>
        <translation>この支払いへの判断はすでに送信中です。</translation>
    </message>
    <message>
        <source>This payment has already ended.</source>
        <translation>この支払いはすでに終了しています。</translation>
    </message>
    <message>
        <source>This payment cannot be approved now: {state}.</source>
        <translation>この支払いは現在承認できません: {state}。</translation>
    </message>
    <message>
        <source>This payment cannot be rejected now: {state}.</source>
        <translation>この支払いは現在拒否できません: {state}。</translation>
    </message>
    <message>
        <source>Only the payment shown large can be decided: select it first.</source>
        <translation>判断できるのは大きく表示された支払いだけです。先に選択してください。</translation>
    </message>
    <message>
        <source>Look at the payment first: it has only just been shown.</source>
        <translation>まず支払いを確認してください。表示されたばかりです。</translation>
    </message>
    <message>
        <source>A decision was just made: wait a moment before the next one.</source>
        <translation>判断した直後です。次の判断まで少しお待ちください。</translation>
    </message>
</context>
<context>
    <name>DesksIndicator</name>
    <message>
        <source>{desk}: no other desk</source>
        <translation>{desk}: 他の窓口はありません</translation>
    </message>
    <message>
        <source>Other desks</source>
        <translation>他の窓口</translation>
    </message>
    <message>
        <source> — gone</source>
        <translation> — 応答なし</translation>
    </message>
    <message>
        <source>other desk</source>
        <translation>台の他の窓口</translation>
    </message>
    <message>
        <source>other desks</source>
        <translation>台の他の窓口</translation>
    </message>
    <message>
        <source>&lt;b&gt;This desk&lt;/b&gt;: {desk}</source>
        <translation>&lt;b&gt;この窓口&lt;/b&gt;: {desk}</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>gone since {t}</source>
        <translation>{t} から応答なし</translation>
    </message>
    <message>
        <source>, {n} claim(s) open</source>
        <translation>、担当中 {n} 件</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select an event to see its frame.</source>
        <translation>イベントを選ぶとフレームが表示されます。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Approve this pending consumption</source>
        <translation>保留中のこのコンサンプションを承認</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Reject this pending consumption</source>
        <translation>保留中のこのコンサンプションを拒否</translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation>JSON をコピー</translation>
    </message>
    <message>
        <source>Copy the frame as indented JSON</source>
        <translation>フレームを整形済み JSON としてコピー</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>トピックをコピー</translation>
    </message>
    <message>
        <source>Tree</source>
        <translation>ツリー</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>The server refused these credentials. Check the key and the secret.</source>
        <translation>サーバーがこの認証情報を拒否しました。キーとシークレットを確認してください。</translation>
    </message>
    <message>
        <source>The server no longer accepts these credentials: the token may have expired or been logged out. Enter a new one.</source>
        <translation>サーバーはこの認証情報を受け付けなくなりました。トークンが期限切れかログアウトされた可能性があります。新しいものを入力してください。</translation>
    </message>
    <message>
        <source>The server does not know this API key.</source>
        <translation>サーバーはこの API キーを知りません。</translation>
    </message>
    <message>
        <source>The server does not accept this kind of credential.</source>
        <translation>サーバーはこの種類の認証情報を受け付けません。</translation>
    </message>
    <message>
        <source>The authentication token has expired. Sign in again for a new one.</source>
        <translation>認証トークンの期限が切れました。もう一度サインインして新しいトークンを取得してください。</translation>
    </message>
    <message>
        <source>The server does not know this authentication token.</source>
        <translation>サーバーはこの認証トークンを知りません。</translation>
    </message>
    <message>
        <source>The server speaks a different API version.</source>
        <translation>サーバーの API バージョンが異なります。</translation>
    </message>
    <message>
        <source>These credentials are not allowed to do this.</source>
        <translation>この認証情報にはこの操作の権限がありません。</translation>
    </message>
    <message>
        <source>The server hit an internal error and closed the connection.</source>
        <translation>サーバーで内部エラーが起き、接続が閉じられました。</translation>
    </message>
    <message>
        <source>The server turned the connection down. Check the URL and the credentials.</source>
        <translation>サーバーが接続を拒否しました。URL と認証情報を確認してください。</translation>
    </message>
    <message>
        <source>The server&apos;s security certificate could not be verified. Check the CA file, or ask your administrator.</source>
        <translation>サーバーのセキュリティ証明書を検証できませんでした。CA ファイルを確認するか、管理者に問い合わせてください。</translation>
    </message>
    <message>
        <source>Nothing answers at this address. Is the server running, and is the URL right?</source>
        <translation>このアドレスから応答がありません。サーバーは起動していますか? URL は正しいですか?</translation>
    </message>
    <message>
        <source>This server name cannot be found. Check the URL.</source>
        <translation>このサーバー名が見つかりません。URL を確認してください。</translation>
    </message>
    <message>
        <source>The server did not answer in time.</source>
        <translation>サーバーが時間内に応答しませんでした。</translation>
    </message>
    <message>
        <source>The connection to the server failed.</source>
        <translation>サーバーへの接続に失敗しました。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <source>Show the technical detail (for support)</source>
        <translation>技術的な詳細を表示 (サポート用)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Error details</source>
        <translation>エラーの詳細</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Ref</source>
        <translation>参照</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Δt</source>
        <translation>Δt</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>遅延</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <source>Any direction</source>
        <translation>すべての方向</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Monitor (—)</source>
        <translation>モニター (—)</translation>
    </message>
    <message>
        <source>Filter text (Ctrl+F)…</source>
        <translation>フィルター文字列 (Ctrl+F)…</translation>
    </message>
    <message>
        <source>Rows whose topic, event, ref, outcome, summary or consumption id contain this</source>
        <translation>トピック、イベント、参照、結果、概要、コンサンプション ID にこの文字列を含む行</translation>
    </message>
    <message>
        <source>Treat the filter text as a regular expression</source>
        <translation>フィルター文字列を正規表現として扱う</translation>
    </message>
    <message>
        <source>Show only some kinds of rows</source>
        <translation>一部の種類の行だけを表示</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>すべての種類</translation>
    </message>
    <message>
        <source>Topic contains…</source>
        <translation>トピックに含む…</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Heartbeats &amp;&amp; replies</source>
        <translation>ハートビートと応答</translation>
    </message>
    <message>
        <source>Show heartbeats and phx_reply frames (a reply carrying an error is always shown)</source>
        <translation>ハートビートと phx_reply フレームを表示 (エラーを含む応答は常に表示)</translation>
    </message>
    <message>
        <source>One row per topic</source>
        <translation>トピックごとに 1 行</translation>
    </message>
    <message>
        <source>Show each copy of an event broadcast on several topics as its own row (by default one row lists the event&apos;s topics: user:… +1)</source>
        <translation>複数のトピックに配信されたイベントを、コピーごとに別の行で表示 (既定では 1 行にイベントのトピックを列挙: user:… +1)</translation>
    </message>
    <message>
        <source>Jump to the newest event and follow again (End)</source>
        <translation>最新のイベントへ移動して追従を再開 (End)</translation>
    </message>
    <message>
        <source>Join related topics ({count})</source>
        <translation>関連トピックに参加 ({count})</translation>
    </message>
    <message>
        <source>Join related topics</source>
        <translation>関連トピックに参加</translation>
    </message>
    <message>
        <source>Copy frame JSON</source>
        <translation>フレームの JSON をコピー</translation>
    </message>
    <message>
        <source>Copy topic</source>
        <translation>トピックをコピー</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new event(s) ↓</source>
        <translation>
            <numerusform>新しいイベント %Ln 件 ↓</numerusform>
        </translation>
    </message>
    <message>
        <source>Kind: {kind}</source>
        <translation>種類: {kind}</translation>
    </message>
    <message numerus="yes">
        <source>%n kinds</source>
        <translation>
            <numerusform>%n 種類</numerusform>
        </translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>フィルター文字列</translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %Ln rows</source>
        <translation>
            <numerusform>%Ln 行中 {shown} 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln rows</source>
        <translation>
            <numerusform>%Ln 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %Ln older dropped</source>
        <translation>
            <numerusform> · 古い %Ln 行を破棄</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>text “{text}”</source>
        <translation>テキスト「{text}」</translation>
    </message>
    <message>
        <source>consumption {id}</source>
        <translation>コンサンプション {id}</translation>
    </message>
    <message>
        <source>topic {topic}</source>
        <translation>トピック {topic}</translation>
    </message>
    <message>
        <source>event {event}</source>
        <translation>イベント {event}</translation>
    </message>
    <message>
        <source>direction {direction}</source>
        <translation>方向 {direction}</translation>
    </message>
    <message>
        <source>from {time}</source>
        <translation>{time} から</translation>
    </message>
    <message>
        <source>until {time}</source>
        <translation>{time} まで</translation>
    </message>
    <message>
        <source>filter {expression}</source>
        <translation>フィルター {expression}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>every event</source>
        <translation>すべてのイベント</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>エクスポート</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Audit trail (operator actions)</source>
        <translation>監査ログ (オペレーターの操作)</translation>
    </message>
    <message>
        <source>Gaps (connection down)</source>
        <translation>欠落 (接続断)</translation>
    </message>
    <message>
        <source>Channel states (joined, refused, failed…)</source>
        <translation>チャンネルの状態 (参加済み、拒否、失敗…)</translation>
    </message>
    <message>
        <source>NDJSON (one JSON object per line)</source>
        <translation>NDJSON (1 行に 1 つの JSON オブジェクト)</translation>
    </message>
    <message>
        <source>Everything stored</source>
        <translation>保存済みのすべて</translation>
    </message>
    <message>
        <source>The current History search</source>
        <translation>履歴の現在の検索結果</translation>
    </message>
    <message>
        <source>A time range</source>
        <translation>期間</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>file to write</source>
        <translation>書き出すファイル</translation>
    </message>
    <message>
        <source>Choose the file</source>
        <translation>ファイルを選択</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Which</source>
        <translation>範囲</translation>
    </message>
    <message>
        <source>File</source>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Search in History (Ctrl+Shift+F) first.</source>
        <translation>先に履歴 (Ctrl+Shift+F) で検索してください。</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>書き出すファイルを選んでください。</translation>
    </message>
    <message>
        <source>{path} is a folder; choose a file name.</source>
        <translation>{path} はフォルダーです。ファイル名を選んでください。</translation>
    </message>
    <message>
        <source>There is no History search to export.</source>
        <translation>エクスポートする履歴の検索結果がありません。</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;until&apos;.</source>
        <translation>「開始」は「終了」より前にしてください。</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>{path} にエクスポート中…</translation>
    </message>
    <message>
        <source>Replace the file?</source>
        <translation>ファイルを置き換えますか?</translation>
    </message>
    <message>
        <source>{path} already exists. Replace it with this export?</source>
        <translation>{path} はすでにあります。このエクスポートで置き換えますか?</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>置き換える</translation>
    </message>
    <message>
        <source>Not exported: {path} was kept.</source>
        <translation>エクスポートしませんでした: {path} はそのままです。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln event(s) to {path}</source>
        <translation>
            <numerusform>イベント %Ln 件を {path} にエクスポートしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln audit entry(s) to {path}</source>
        <translation>
            <numerusform>監査ログ %Ln 件を {path} にエクスポートしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln gap(s) to {path}</source>
        <translation>
            <numerusform>欠落 %Ln 件を {path} にエクスポートしました</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln channel state change(s) to {path}</source>
        <translation>
            <numerusform>チャンネル状態の変化 %Ln 件を {path} にエクスポートしました</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: {path} was not written ({reason}).</source>
        <translation>エクスポートに失敗しました: {path} は書き込まれていません ({reason})。</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>エクスポート先</translation>
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
        <translation>すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>History — every stored event</source>
        <translation>履歴 — 保存済みのすべてのイベント</translation>
    </message>
    <message>
        <source>Stored events</source>
        <translation>保存済みのイベント</translation>
    </message>
    <message>
        <source>The search&apos;s results, newest first</source>
        <translation>検索結果 (新しい順)</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>フレームのツリー表示</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>選択したフレームの JSON</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>フレームのテキスト</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>選択したフレームのテキスト</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Any direction</source>
        <translation>すべての方向</translation>
    </message>
    <message>
        <source>In (received)</source>
        <translation>受信</translation>
    </message>
    <message>
        <source>Out (sent)</source>
        <translation>送信</translation>
    </message>
    <message>
        <source>Text anywhere in the frame (name, id, amount…)</source>
        <translation>フレーム内の任意の文字列 (名前、ID、金額…)</translation>
    </message>
    <message>
        <source>exact topic, or a kind such as transaction_request:</source>
        <translation>完全なトピック、または transaction_request: のような種類</translation>
    </message>
    <message>
        <source>any event</source>
        <translation>すべてのイベント</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <source>Search every stored event (Enter)</source>
        <translation>保存済みのすべてのイベントを検索 (Enter)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
    <message>
        <source>Clear the search fields and show the newest events</source>
        <translation>検索欄をクリアして最新のイベントを表示</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>テキスト</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>コンサンプション</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>トピック</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>フィルター</translation>
    </message>
    <message>
        <source>Search the stored history, or press Search for the newest.</source>
        <translation>保存済みの履歴を検索します。最新を見るには「検索」を押してください。</translation>
    </message>
    <message>
        <source>Load older…</source>
        <translation>さらに古いものを読み込む…</translation>
    </message>
    <message>
        <source>Load the {count} matching events before these</source>
        <translation>これより前の一致するイベントを {count} 件読み込む</translation>
    </message>
    <message>
        <source>&apos;From&apos; must be before &apos;Until&apos;.</source>
        <translation>「開始」は「終了」より前にしてください。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>検索中…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s) found in {ms} ms</source>
        <translation>
            <numerusform>{ms} ミリ秒でイベントが %Ln 件見つかりました</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing matches (searched in {ms} ms).</source>
        <translation>一致するものはありません ({ms} ミリ秒で検索)。</translation>
    </message>
    <message>
        <source>{added} older loaded in {ms} ms · {total} shown</source>
        <translation>古いもの {added} 件を {ms} ミリ秒で読み込み · {total} 件を表示</translation>
    </message>
    <message>
        <source> · older matches: Load older…</source>
        <translation> · さらに古い一致あり: さらに古いものを読み込む…</translation>
    </message>
    <message>
        <source> · nothing older</source>
        <translation> · これより古いものはありません</translation>
    </message>
    <message>
        <source>The history could not be searched: {error}</source>
        <translation>履歴を検索できませんでした: {error}</translation>
    </message>
    <message>
        <source>Search failed.</source>
        <translation>検索に失敗しました。</translation>
    </message>
</context>
<context>
    <name>JsonTreeWidget</name>
    <message>
        <source>Key</source>
        <translation>キー</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>型</translation>
    </message>
    <message>
        <source>nested deeper than {levels} levels: see Text</source>
        <translation>{levels} 階層より深い入れ子です。テキストを参照してください</translation>
    </message>
    <message numerus="yes">
        <source>%n more (see Text)</source>
        <translation>
            <numerusform>ほか %n 件 (テキストを参照)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LiveChart</name>
    <message>
        <source>requests/s</source>
        <translation>リクエスト/秒</translation>
    </message>
    <message>
        <source>finalized/s</source>
        <translation>確定/秒</translation>
    </message>
    <message>
        <source>control/s</source>
        <translation>制御/秒</translation>
    </message>
    <message>
        <source>other/s</source>
        <translation>その他/秒</translation>
    </message>
    <message>
        <source>pending (lower plot)</source>
        <translation>保留中 (下のグラフ)</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>ライブチャート</translation>
    </message>
    <message>
        <source>Last {seconds} s; latest: {values}</source>
        <translation>直近 {seconds} 秒、最新値: {values}</translation>
    </message>
    <message>
        <source>{seconds} s ago</source>
        <translation>{seconds} 秒前</translation>
    </message>
    <message>
        <source>now</source>
        <translation>現在</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet モニター</translation>
    </message>
    <message>
        <source>eWallet monitor — demo ({mode})</source>
        <translation>eWallet モニター — デモ ({mode})</translation>
    </message>
    <message>
        <source>Demo server — the credentials are public and every payment is simulated.</source>
        <translation>デモサーバー — 認証情報は公開されており、すべての支払いはシミュレーションです。</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>チャンネル</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>接続</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Live chart</source>
        <translation>ライブチャート</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>イベントログ</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Connect…</source>
        <translation>接続(&amp;C)…</translation>
    </message>
    <message>
        <source>Open the connection form</source>
        <translation>接続フォームを開く</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>切断(&amp;D)</translation>
    </message>
    <message>
        <source>Close the connection</source>
        <translation>接続を閉じる</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;History…</source>
        <translation>履歴(&amp;H)…</translation>
    </message>
    <message>
        <source>Search every stored event</source>
        <translation>保存済みのすべてのイベントを検索</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>エクスポート(&amp;E)…</translation>
    </message>
    <message>
        <source>Export stored events or the audit trail</source>
        <translation>保存済みのイベントまたは監査ログをエクスポート</translation>
    </message>
    <message>
        <source>&amp;Import profiles…</source>
        <translation>プロファイルをインポート(&amp;I)…</translation>
    </message>
    <message>
        <source>Add connection profiles from a JSON file (secrets are never in it)</source>
        <translation>JSON ファイルから接続プロファイルを追加 (シークレットは含まれません)</translation>
    </message>
    <message>
        <source>Export &amp;profiles…</source>
        <translation>プロファイルをエクスポート(&amp;P)…</translation>
    </message>
    <message>
        <source>Write the connection profiles to a JSON file, without secrets</source>
        <translation>接続プロファイルを JSON ファイルに書き出す (シークレットなし)</translation>
    </message>
    <message>
        <source>&amp;Approvals</source>
        <translation>承認(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Approve selected</source>
        <translation>選択を承認(&amp;A)</translation>
    </message>
    <message>
        <source>Approve the selected payment (or the first waiting)</source>
        <translation>選択した支払い (または最初の待機中の支払い) を承認</translation>
    </message>
    <message>
        <source>&amp;Reject selected</source>
        <translation>選択を拒否(&amp;R)</translation>
    </message>
    <message>
        <source>Reject the selected payment (or the first waiting)</source>
        <translation>選択した支払い (または最初の待機中の支払い) を拒否</translation>
    </message>
    <message>
        <source>&amp;Go to the most urgent payment</source>
        <translation>最も緊急の支払いへ移動(&amp;G)</translation>
    </message>
    <message>
        <source>The most urgent payment out of view comes into focus; then A approves, R rejects</source>
        <translation>表示外で最も緊急の支払いにフォーカスします。A で承認、R で拒否</translation>
    </message>
    <message>
        <source>&amp;Mute notifications</source>
        <translation>通知をミュート(&amp;M)</translation>
    </message>
    <message>
        <source>Move settled cards to &amp;history</source>
        <translation>処理済みのカードを履歴へ移動(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Cashier layout</source>
        <translation>レジ レイアウト(&amp;C)</translation>
    </message>
    <message>
        <source>Payments first; the rest hidden</source>
        <translation>支払いを優先し、ほかは非表示</translation>
    </message>
    <message>
        <source>&amp;Operator layout</source>
        <translation>オペレーター レイアウト(&amp;O)</translation>
    </message>
    <message>
        <source>The event log with every panel</source>
        <translation>イベントログとすべてのパネル</translation>
    </message>
    <message>
        <source>Co&amp;nnection</source>
        <translation>接続(&amp;N)</translation>
    </message>
    <message>
        <source>Channe&amp;ls</source>
        <translation>チャンネル(&amp;L)</translation>
    </message>
    <message>
        <source>A&amp;pprovals</source>
        <translation>承認(&amp;P)</translation>
    </message>
    <message>
        <source>Live char&amp;t</source>
        <translation>ライブチャート(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Event log</source>
        <translation>イベントログ(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Go to the event log</source>
        <translation>イベントログへ移動(&amp;G)</translation>
    </message>
    <message>
        <source>The keyboard goes to the events table (the detail pane follows the arrows)</source>
        <translation>キーボード操作をイベントの表へ移します (詳細ペインは矢印キーに追従)</translation>
    </message>
    <message>
        <source>Follo&amp;w the newest events</source>
        <translation>最新のイベントに追従(&amp;W)</translation>
    </message>
    <message>
        <source>Show &amp;heartbeats and replies</source>
        <translation>ハートビートと応答を表示(&amp;H)</translation>
    </message>
    <message>
        <source>Show protocol housekeeping rows in the event log</source>
        <translation>イベントログにプロトコルの管理用の行を表示</translation>
    </message>
    <message>
        <source>&amp;Filter events</source>
        <translation>イベントを絞り込む(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>このアプリについて(&amp;A)</translation>
    </message>
    <message>
        <source>The profiles in {file} could not be imported.</source>
        <translation>{file} のプロファイルをインポートできませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n profile(s) from {path}</source>
        <translation>
            <numerusform>{path} からプロファイル %n 件をインポートしました</numerusform>
        </translation>
    </message>
    <message>
        <source>The profiles could not be written to {path}.</source>
        <translation>プロファイルを {path} に書き込めませんでした。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n profile(s) to {path} (no secrets)</source>
        <translation>
            <numerusform>プロファイル %n 件を {path} にエクスポートしました (シークレットなし)</numerusform>
        </translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>プロファイルのインポート</translation>
    </message>
    <message>
        <source>Profiles (*.json)</source>
        <translation>プロファイル (*.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>プロファイルのエクスポート</translation>
    </message>
    <message>
        <source>Written to the log file {path}</source>
        <translation>ログファイル {path} に書き込みました</translation>
    </message>
    <message>
        <source>Unexpected error ({source}): {summary} — the monitor keeps running; Details has the report for support.</source>
        <translation>予期しないエラー ({source}): {summary} — モニターは動作を続けます。サポート用のレポートは「詳細」にあります。</translation>
    </message>
    <message>
        <source>Payment of {amount} from {customer} waiting, {countdown}</source>
        <translation>{customer} 様からの支払い {amount} が待機中、{countdown}</translation>
    </message>
    <message>
        <source>{outcome}: {amount} from {customer}</source>
        <translation>{outcome}: {customer} 様から {amount}</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>イベント</translation>
    </message>
    <message>
        <source>Every frame received, oldest first</source>
        <translation>受信したすべてのフレーム (古い順)</translation>
    </message>
    <message>
        <source>Frame as a tree</source>
        <translation>フレームのツリー表示</translation>
    </message>
    <message>
        <source>The selected frame&apos;s JSON</source>
        <translation>選択したフレームの JSON</translation>
    </message>
    <message>
        <source>Frame text</source>
        <translation>フレームのテキスト</translation>
    </message>
    <message>
        <source>The selected frame as text</source>
        <translation>選択したフレームのテキスト</translation>
    </message>
    <message>
        <source>Joined channels and their state</source>
        <translation>参加中のチャンネルとその状態</translation>
    </message>
    <message>
        <source>Payments waiting</source>
        <translation>待機中の支払い</translation>
    </message>
    <message>
        <source>Most urgent first</source>
        <translation>緊急度の高い順</translation>
    </message>
    <message>
        <source>Decided payments</source>
        <translation>判断済みの支払い</translation>
    </message>
    <message>
        <source>Newest first</source>
        <translation>新しい順</translation>
    </message>
    <message>
        <source>The shared database cannot be reached, so this desk cannot claim the payment: another desk may decide it at the same moment. {verb} it unclaimed?</source>
        <translation>共有データベースに接続できないため、この窓口は支払いを確保できません。他の窓口が同時に判断するおそれがあります。確保せずに {verb} しますか？</translation>
    </message>
    <message>
        <source>Take over this payment</source>
        <translation>この支払いを引き継ぐ</translation>
    </message>
    <message>
        <source>This payment is {holder}. Why do you take it over? The reason is kept in the audit trail.</source>
        <translation>この支払いは{holder}です。引き継ぐ理由は？理由は監査記録に残ります。</translation>
    </message>
    <message>
        <source>held by another desk</source>
        <translation>他の窓口が担当中</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>引き継ぐ</translation>
    </message>
    <message>
        <source>Not taken over: a reason is needed.</source>
        <translation>引き継ぎませんでした: 理由が必要です。</translation>
    </message>
    <message>
        <source>This consumption can no longer be approved or rejected.</source>
        <translation>このコンサンプションはもう承認も拒否もできません。</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: approve it there.</source>
        <translation>支払いは承認パネルでフォーカスされています。そこで承認してください。</translation>
    </message>
    <message>
        <source>The payment is in focus in Approvals: reject it there.</source>
        <translation>支払いは承認パネルでフォーカスされています。そこで拒否してください。</translation>
    </message>
    <message numerus="yes">
        <source>%n payment(s) waiting for your decision. Quit anyway?</source>
        <translation>
            <numerusform>支払い %n 件があなたの判断を待っています。それでも終了しますか?</numerusform>
        </translation>
    </message>
    <message>
        <source>Customers are waiting at the counter: undecided payments expire on the server.</source>
        <translation>お客様がカウンターで待っています。判断されていない支払いはサーバー上で期限切れになります。</translation>
    </message>
    <message>
        <source>Quit anyway</source>
        <translation>それでも終了</translation>
    </message>
</context>
<context>
    <name>MonitorController</name>
    <message>
        <source>These connection settings cannot be used.</source>
        <translation>この接続設定は使用できません。</translation>
    </message>
    <message>
        <source>This server address cannot be used.</source>
        <translation>このサーバーアドレスは使用できません。</translation>
    </message>
    <message>
        <source>A received event could not be shown.</source>
        <translation>受信したイベントを表示できませんでした。</translation>
    </message>
    <message>
        <source>Events are no longer saved to the history.</source>
        <translation>イベントは履歴に保存されなくなりました。</translation>
    </message>
    <message>
        <source>Something went wrong in the background.</source>
        <translation>バックグラウンドで問題が発生しました。</translation>
    </message>
</context>
<context>
    <name>MonitorStatusBar</name>
    <message>
        <source>● Offline</source>
        <translation>● オフライン</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● 接続中…</translation>
    </message>
    <message>
        <source>● Connected</source>
        <translation>● 接続済み</translation>
    </message>
    <message>
        <source>● Reconnecting</source>
        <translation>● 再接続中</translation>
    </message>
    <message>
        <source>● Refused</source>
        <translation>● 拒否されました</translation>
    </message>
    <message>
        <source>heartbeat —</source>
        <translation>ハートビート —</translation>
    </message>
    <message>
        <source>⚠ TLS verification OFF</source>
        <translation>⚠ TLS 検証オフ</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not checked: anyone on the network path could pretend to be the server. Use only for testing.</source>
        <translation>サーバーの証明書を検証していません。ネットワーク経路上の誰でもサーバーになりすませます。テスト専用にしてください。</translation>
    </message>
    <message>
        <source>DEMO SERVER</source>
        <translation>デモサーバー</translation>
    </message>
    <message>
        <source>Connected to the built-in simulator, not a real eWallet</source>
        <translation>内蔵シミュレーターに接続中 (本物の eWallet ではありません)</translation>
    </message>
    <message>
        <source>Sound: unavailable — {reason}</source>
        <translation>サウンド: 利用不可 — {reason}</translation>
    </message>
    <message>
        <source>{problem}. Cards pulse instead.</source>
        <translation>{problem}。代わりにカードが点滅します。</translation>
    </message>
    <message>
        <source>The shared history database (PostgreSQL) cannot be reached: every event is kept in a local spool in the data folder and written to the database, in order and once each, when it answers again. Claims cannot be taken meanwhile. Last error: {error}.</source>
        <translation>共有の履歴データベース (PostgreSQL) に接続できません。すべてのイベントはデータフォルダー内のローカルスプールに保管され、応答が戻りしだい順番どおり 1 回ずつデータベースに書き込まれます。その間は担当の引き受けができません。最後のエラー: {error}。</translation>
    </message>
    <message>
        <source>⚠ History not saving — retrying</source>
        <translation>⚠ 履歴を保存できません — 再試行中</translation>
    </message>
    <message>
        <source>The event history cannot be written: {error}. Events are kept and written as soon as the database accepts them (another program may be holding it, or the disk may be full).</source>
        <translation>イベント履歴に書き込めません: {error}。イベントは保持され、データベースが受け付けしだい書き込まれます (別のプログラムが使用中か、ディスクがいっぱいの可能性があります)。</translation>
    </message>
    <message numerus="yes">
        <source>⚠ %n event(s) not saved</source>
        <translation>
            <numerusform>⚠ イベント %n 件を保存できませんでした</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) could not be stored in the history at all; each one is described in the log.</source>
        <translation>
            <numerusform>イベント %n 件を履歴にまったく保存できませんでした。それぞれログに記録されています。</numerusform>
        </translation>
    </message>
    <message>
        <source>heartbeat {ms} ms</source>
        <translation>ハートビート {ms} ミリ秒</translation>
    </message>
    <message>
        <source>{rate} events/s</source>
        <translation>{rate} イベント/秒</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 件待機中</numerusform>
        </translation>
    </message>
    <message>
        <source>● Reconnecting in {seconds} s</source>
        <translation>● {seconds} 秒後に再接続</translation>
    </message>
    <message>
        <source>● Refused: {reason}</source>
        <translation>● 拒否されました: {reason}</translation>
    </message>
    <message>
        <source>● Connected to {url}</source>
        <translation>● {url} に接続済み</translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>Payment confirmed</source>
        <translation>支払いが確定しました</translation>
    </message>
    <message>
        <source>Payment rejected</source>
        <translation>支払いを拒否しました</translation>
    </message>
    <message>
        <source>Payment failed</source>
        <translation>支払いに失敗しました</translation>
    </message>
    <message>
        <source>Payment expired</source>
        <translation>支払いの期限が切れました</translation>
    </message>
    <message>
        <source>Payment cancelled by the customer</source>
        <translation>お客様が支払いをキャンセルしました</translation>
    </message>
    <message>
        <source>Payment can no longer be decided</source>
        <translation>支払いはもう判断できません</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet モニター</translation>
    </message>
    <message>
        <source>Payment waiting for approval</source>
        <translation>承認待ちの支払い</translation>
    </message>
    <message>
        <source>{amount} from {customer}</source>
        <translation>{customer} 様から {amount}</translation>
    </message>
    <message>
        <source>{outcome}: {amount}</source>
        <translation>{outcome}: {amount}</translation>
    </message>
    <message>
        <source>from {customer}</source>
        <translation>{customer} 様から</translation>
    </message>
    <message>
        <source>Payment waiting: {amount}</source>
        <translation>支払い待機中: {amount}</translation>
    </message>
</context>
<context>
    <name>OperatorTools</name>
    <message>
        <source>Colouring &amp;rules…</source>
        <translation>色分けルール(&amp;R)…</translation>
    </message>
    <message>
        <source>Colour rows of the log and History by filter expressions (this profile&apos;s rules)</source>
        <translation>フィルター式でログと履歴の行に色を付ける (このプロファイルのルール)</translation>
    </message>
    <message>
        <source>Anomalies</source>
        <translation>異常</translation>
    </message>
    <message>
        <source>Anomal&amp;ies</source>
        <translation>異常(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>統計(&amp;S)…</translation>
    </message>
    <message>
        <source>Counts, volumes, failures and approval times per operator, from the history</source>
        <translation>オペレーターごとの件数、取扱量、失敗、承認時間 (履歴から)</translation>
    </message>
    <message>
        <source>Its rows are no longer in the log, or the filter hides them (History has every stored event)</source>
        <translation>その行はもうログにないか、フィルターで非表示です (履歴には保存済みのすべてのイベントがあります)</translation>
    </message>
</context>
<context>
    <name>ProfileBook</name>
    <message>
        <source>The URL&apos;s query holds credentials; put them in the credential fields.</source>
        <translation>URL のクエリに認証情報が含まれています。認証情報の欄に入力してください。</translation>
    </message>
    <message>
        <source>A profile needs a name.</source>
        <translation>プロファイルには名前が必要です。</translation>
    </message>
    <message>
        <source>A profile name must not start or end with blanks.</source>
        <translation>プロファイル名の先頭と末尾に空白は使えません。</translation>
    </message>
    <message>
        <source>A profile name is at most 100 characters.</source>
        <translation>プロファイル名は 100 文字以内です。</translation>
    </message>
    <message>
        <source>A profile name must be on one line.</source>
        <translation>プロファイル名は 1 行にしてください。</translation>
    </message>
    <message>
        <source>There is no profile named {name}.</source>
        <translation>{name} という名前のプロファイルはありません。</translation>
    </message>
    <message>
        <source>A profile named {name} exists already.</source>
        <translation>{name} という名前のプロファイルはすでにあります。</translation>
    </message>
    <message>
        <source>{file} is not JSON: {error}</source>
        <translation>{file} は JSON ではありません: {error}</translation>
    </message>
    <message>
        <source>{file} is not an ewallet-monitor profiles file.</source>
        <translation>{file} は ewallet-monitor のプロファイルファイルではありません。</translation>
    </message>
    <message>
        <source>{file} has no list of profiles.</source>
        <translation>{file} にプロファイルの一覧がありません。</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>元に戻す(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>やり直す(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>切り取り(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>貼り付け(&amp;P)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>すべてを選択</translation>
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
        <translation>キャンセル</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>開く</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>リセット</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>ヘルプ</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>はい(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>いいえ(&amp;N)</translation>
    </message>
</context>
<context>
    <name>QueryBar</name>
    <message>
        <source>Expression: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</source>
        <translation>式: status == &quot;failed&quot; and token == &quot;BTC&quot; and amount &gt; 0.5</translation>
    </message>
    <message>
        <source>Fields: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
Operators: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</source>
        <translation>フィールド: event, topic, status, amount, token, customer, request, consumption, direction, time, age, error
演算子: == != &lt; &lt;= &gt; &gt;= ~ contains, and, or, not, ( )</translation>
    </message>
    <message>
        <source>Saved filters</source>
        <translation>保存済みフィルター</translation>
    </message>
    <message>
        <source>No saved filters</source>
        <translation>保存済みフィルターはありません</translation>
    </message>
    <message>
        <source>Save this filter as…</source>
        <translation>このフィルターを名前を付けて保存…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <source>Save filter</source>
        <translation>フィルターを保存</translation>
    </message>
    <message>
        <source>Name of this filter:</source>
        <translation>このフィルターの名前:</translation>
    </message>
</context>
<context>
    <name>SecondsField</name>
    <message>
        <source>{low}–{high} s</source>
        <translation>{low}–{high} 秒</translation>
    </message>
    <message>
        <source>The value</source>
        <translation>値</translation>
    </message>
    <message>
        <source>{name} is empty: enter {range}.</source>
        <translation>{name} が空です。{range} を入力してください。</translation>
    </message>
    <message>
        <source>{name} must be a number of seconds ({range}), not {text}.</source>
        <translation>{name} は秒数 ({range}) で指定してください。{text} は使えません。</translation>
    </message>
    <message>
        <source>{name} must be {range}; {text} s is outside that range.</source>
        <translation>{name} は {range} にしてください。{text} 秒は範囲外です。</translation>
    </message>
</context>
<context>
    <name>StatsDialog</name>
    <message>
        <source>Statistics</source>
        <translation>統計</translation>
    </message>
    <message>
        <source>From</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>&amp;Compute</source>
        <translation>計算(&amp;C)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>計算中…</translation>
    </message>
    <message>
        <source>Computed in {seconds} s</source>
        <translation>{seconds} 秒で計算しました</translation>
    </message>
    <message>
        <source>The statistics could not be read: {error}</source>
        <translation>統計を読み込めませんでした: {error}</translation>
    </message>
    <message>
        <source>the start</source>
        <translation>最初</translation>
    </message>
    <message>
        <source>now</source>
        <translation>現在</translation>
    </message>
    <message>
        <source>token</source>
        <translation>トークン</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>count</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>取扱量</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>{start} から {end} まで</translation>
    </message>
    <message>
        <source>expiries: {count}</source>
        <translation>期限切れ: {count}</translation>
    </message>
    <message>
        <source>failures by reason:</source>
        <translation>理由別の失敗:</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(コードなし)</translation>
    </message>
    <message>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>approval time, request to decision:</source>
        <translation>承認時間 (リクエストから判断まで):</translation>
    </message>
    <message>
        <source>os user</source>
        <translation>OS ユーザー</translation>
    </message>
    <message>
        <source>profile</source>
        <translation>プロファイル</translation>
    </message>
    <message>
        <source>decisions</source>
        <translation>判断数</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>no decisions</source>
        <translation>判断なし</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>eWallet monitor — supervisor — {where}</source>
        <translation>eWallet monitor — スーパーバイザー — {where}</translation>
    </message>
    <message>
        <source>Reading the shared store…</source>
        <translation>共有ストアを読み込んでいます…</translation>
    </message>
    <message>
        <source>Desk</source>
        <translation>窓口</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>コンサンプション</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>ホスト</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>種類</translation>
    </message>
    <message>
        <source>Last heartbeat</source>
        <translation>最終ハートビート</translation>
    </message>
    <message>
        <source>Open claims</source>
        <translation>担当中</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>受信した窓口</translation>
    </message>
    <message>
        <source>Claimed by</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>Taken over from</source>
        <translation>引き継ぎ元</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>応答</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Desks</source>
        <translation>窓口</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>担当</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>判断</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>統計</translation>
    </message>
    <message>
        <source>{desks} desks alive · {waiting} payments waiting · {claims} claimed ({deciding} deciding) · read {at}</source>
        <translation>稼働中の窓口 {desks} · 待機中の支払い {waiting} · 担当中 {claims}（判断中 {deciding}）· 読込 {at}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>応答なし</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <source>Cashier</source>
        <translation>レジ</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>オペレーター</translation>
    </message>
</context>
<context>
    <name>about</name>
    <message>
        <source>not installed</source>
        <translation>未インストール</translation>
    </message>
    <message>
        <source>eWallet monitor</source>
        <translation>eWallet モニター</translation>
    </message>
    <message>
        <source>Watch eWallet websocket channels live, and approve or reject payments that need a cashier&apos;s confirmation.</source>
        <translation>eWallet の websocket チャンネルをライブで監視し、レジ係の確認が必要な支払いを承認または拒否します。</translation>
    </message>
    <message>
        <source>Licensed under Apache-2.0.</source>
        <translation>Apache-2.0 ライセンスで提供されています。</translation>
    </message>
    <message>
        <source>About eWallet monitor</source>
        <translation>eWallet モニターについて</translation>
    </message>
</context>
<context>
    <name>accessibility</name>
    <message>
        <source>Clear</source>
        <translation>クリア</translation>
    </message>
</context>
<context>
    <name>protocol</name>
    <message>
        <source>waiting for you</source>
        <translation>あなたの判断待ち</translation>
    </message>
    <message>
        <source>approving…</source>
        <translation>承認中…</translation>
    </message>
    <message>
        <source>rejecting…</source>
        <translation>拒否中…</translation>
    </message>
    <message>
        <source>not done — try again</source>
        <translation>未完了 — もう一度お試しください</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>結果不明</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>拒否済み</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失敗</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>期限切れ</translation>
    </message>
    <message>
        <source>cancelled by the customer</source>
        <translation>お客様がキャンセル</translation>
    </message>
    <message>
        <source>request used up</source>
        <translation>リクエストの上限に達しました</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>アカウント</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Transaction request</source>
        <translation>取引リクエスト</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>コンサンプション</translation>
    </message>
    <message>
        <source>User</source>
        <translation>ユーザー</translation>
    </message>
    <message>
        <source>The server says it expired before the decision.</source>
        <translation>サーバーによると、判断の前に期限切れになりました。</translation>
    </message>
    <message>
        <source>The customer cancelled it before the decision.</source>
        <translation>お客様が判断の前にキャンセルしました。</translation>
    </message>
    <message>
        <source>The request reached its maximum number of consumptions: the server refuses to approve or reject this one.</source>
        <translation>リクエストのコンサンプション数が上限に達しました。サーバーはこの承認も拒否も受け付けません。</translation>
    </message>
    <message>
        <source>Not verified since the outage: while the connection was down it may have been approved, rejected or cancelled elsewhere, and these credentials cannot read it.</source>
        <translation>切断以降は未確認です。接続が切れている間に別の場所で承認、拒否、またはキャンセルされた可能性があり、この認証情報では状態を読み取れません。</translation>
    </message>
    <message>
        <source>The server does not check that a consumption is still pending: approving one that was rejected meanwhile pays it; rejecting one that was confirmed records it rejected although the money moved.</source>
        <translation>サーバーはコンサンプションがまだ保留中かを確認しません。その間に拒否されたものを承認すると支払われ、確定済みのものを拒否すると、お金が動いたのに拒否として記録されます。</translation>
    </message>
    <message>
        <source>The request expired before it was approved.</source>
        <translation>リクエストは承認される前に期限切れになりました。</translation>
    </message>
    <message>
        <source>The answer to the last &apos;{action}&apos; never came: it may have gone through.</source>
        <translation>前回の「{action}」への応答が届きませんでした。処理された可能性があります。</translation>
    </message>
    <message>
        <source>Checked with the server: still pending. &apos;{action}&apos; may be tried again.</source>
        <translation>サーバーに確認しました: まだ保留中です。「{action}」をもう一度試せます。</translation>
    </message>
    <message>
        <source>Could not verify with the server: {reason}</source>
        <translation>サーバーに確認できませんでした: {reason}</translation>
    </message>
    <message>
        <source>The server failed while handling &apos;{action}&apos; (HTTP {status}, {reason}): it may or may not have gone through.</source>
        <translation>サーバーが「{action}」の処理中に失敗しました (HTTP {status}、{reason})。処理されたかどうかは不明です。</translation>
    </message>
    <message>
        <source>Could not {action}: {reason}</source>
        <translation>{action}できませんでした: {reason}</translation>
    </message>
    <message>
        <source>No answer from the server to &apos;{action}&apos;: it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>「{action}」にサーバーから応答がありません。処理された可能性があります。サーバーの確定を待っています。</translation>
    </message>
    <message>
        <source>The connection broke during &apos;{action}&apos; ({reason}): it may have gone through. Waiting for the server&apos;s confirmation.</source>
        <translation>「{action}」の途中で接続が切れました ({reason})。処理された可能性があります。サーバーの確定を待っています。</translation>
    </message>
    <message>
        <source>Could not reach the server to {action}: {reason}</source>
        <translation>{action}のためにサーバーに接続できませんでした: {reason}</translation>
    </message>
    <message>
        <source>History database unreachable — spooling locally ({count} events)</source>
        <translation>履歴データベースに接続できません — ローカルに保管中 (イベント {count} 件)</translation>
    </message>
    <message>
        <source>History database back — writing back {count} spooled events</source>
        <translation>履歴データベースが復旧 — 保管したイベント {count} 件を書き戻し中</translation>
    </message>
    <message>
        <source>approve</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>拒否</translation>
    </message>
</context>
</TS>
