// Over 400 lines by design: a data table, one entry per Tencent error code.
/**
 * The Tencent Cloud SMS error catalog: for every code the API (and our gateway's transport layer)
 * can produce, what kind of problem it is, whether a retry is safe, and a plain-language text for
 * a shop owner in Chinese and English that says what happened and what to do next.
 *
 * This is core data rather than UI copy, so it lives here instead of the renderer's JSON catalogs:
 * core uses `retry` to decide what the outbox may do, and the texts travel with the code.
 */

export type ErrorCategory =
  /** The key pair itself is wrong, disabled or the request signature failed. */
  | 'auth'
  /** The key works but is not allowed to do this (CAM, app ownership, account type). */
  | 'permission'
  /** Account / app / region set-up: fix it in the console. */
  | 'config'
  | 'sign'
  | 'template'
  /** What the message says: sensitive words, URLs, length, variable format. */
  | 'content'
  /** The phone number: format, blacklist, country. */
  | 'recipient'
  /** Per-number or per-app sending windows: wait, then send again. */
  | 'frequency'
  /** Money: package used up or account in arrears. */
  | 'balance'
  /** Malformed request parameters (usually a bug on our side). */
  | 'param'
  /** The computer's clock is off. */
  | 'clock'
  /** Tencent answered "try again later"; nothing was sent. */
  | 'transient'
  /** The connection itself failed. */
  | 'network'
  | 'unknown';

/**
 * `safe`: nothing was sent; retrying (with backoff) is fine.
 * `wait`: nothing was sent, but the same send fails until a time window passes.
 * `never`: retrying cannot help until something is fixed.
 * `unsafe`: the message may already have been sent; check delivery records before any retry.
 */
export type RetrySafety = 'safe' | 'wait' | 'never' | 'unsafe';

export interface CatalogEntry {
  code: string;
  category: ErrorCategory;
  retry: RetrySafety;
  zh: string;
  en: string;
}

type Row = [category: ErrorCategory, retry: RetrySafety, zh: string, en: string];

/** Transport pseudo-codes produced by our gateway, never by Tencent. */
export const TRANSPORT_CODES = {
  refused: 'Network.Refused',
  dns: 'Network.DnsFailure',
  timeout: 'Network.Timeout',
  reset: 'Network.Reset',
  badResponse: 'Network.BadResponse',
  network: 'Network.Error',
  http5xx: 'Http.5xx',
  /** 502 / 504: a proxy forwarded the request and lost the answer. */
  httpUpstreamLost: 'Http.UpstreamLost',
  http4xx: 'Http.4xx',
  aborted: 'Aborted',
  abortedBeforeSend: 'Aborted.BeforeSend',
  /** The gateway was replaced (account switched) or the app is closing. */
  gatewayClosed: 'Gateway.Closed',
} as const;

/** Codes for failures on this computer, not at Tencent or on the way there. */
export const LOCAL_CODES = {
  /** The send journal could not be flushed to disk, so nothing was sent. */
  diskSync: 'Local.DiskSync',
  /** The app stopped (closed, crashed, lost power) while the request was in flight. */
  interrupted: 'Interrupted',
  /** Results could not be written to the database: the job paused; a restart reconciles. */
  databaseWrite: 'Local.DatabaseWrite',
  /** No account, or another SdkAppId, when a job's request was about to leave: not sent. */
  accountChanged: 'Local.AccountChanged',
  /** The gateway failed in a way it promises never to (a bug): the request may have left. */
  gatewayError: 'Local.GatewayError',
  /** The number is on the do-not-send list (免打扰名单): left out, nothing sent. */
  optedOut: 'Local.OptedOut',
  /** The disk holding the data is full: the job paused; it resumes once space is back. */
  diskFull: 'Local.DiskFull',
  /** The data's disk or file became read-only: the job paused until it is writable again. */
  diskReadOnly: 'Local.DiskReadOnly',
} as const;

const CHECK_RECORDS_ZH = '请先在发送记录中核对该号码是否已收到，确认未发送后再重试，避免重复发送。';
const CHECK_RECORDS_EN =
  'Check the send records for this number first and only resend once you are sure it was not sent, so the customer is not messaged twice.';

const ROWS: Record<string, Row> = {
  // ---- SendSms: failed operations -------------------------------------------------------------
  'FailedOperation.ContainSensitiveWord': [
    'content',
    'never',
    '短信内容含有敏感词，被腾讯云拦截。请修改变量内容（例如去掉敏感字词）后再发送；不要原样重试。',
    'The message contains words Tencent Cloud blocks. Change the variable values (remove the sensitive words) and send again; do not retry unchanged.',
  ],
  'FailedOperation.FailResolvePacket': [
    'param',
    'never',
    '腾讯云无法解析这次请求的内容。这通常是软件问题，请更新 SMS Desk 或联系支持；重试不会有帮助。',
    'Tencent Cloud could not read this request. This is usually a software problem: update SMS Desk or contact support; retrying will not help.',
  ],
  'FailedOperation.JsonParseFail': [
    'param',
    'never',
    '腾讯云无法解析这次请求的内容（JSON 格式错误）。请更新 SMS Desk 或联系支持；重试不会有帮助。',
    'Tencent Cloud could not parse this request (bad JSON). Update SMS Desk or contact support; retrying will not help.',
  ],
  'FailedOperation.InsufficientBalanceInSmsPackage': [
    'balance',
    'never',
    '短信套餐包余量已用完，短信未发送。请在腾讯云控制台购买套餐包（约 10 秒后生效），然后再发送。',
    'Your SMS package is used up, so nothing was sent. Buy a package in the Tencent Cloud console (it takes about 10 seconds to activate), then send again.',
  ],
  'FailedOperation.MarketingSendTimeConstraint': [
    'frequency',
    'wait',
    '营销短信只能在北京时间 8:00–22:00 之间发送。请在这个时间段内再发送。',
    'Marketing messages may only be sent between 08:00 and 22:00 Beijing time. Send again within that window.',
  ],
  'FailedOperation.PhoneNumberInBlacklist': [
    'recipient',
    'never',
    '该号码在免打扰名单中（例如用户曾回复退订），无法接收短信。请不要再向这个号码发送。',
    'This number is on the do-not-disturb list (for example the customer unsubscribed) and cannot receive messages. Do not send to it again.',
  ],
  'FailedOperation.SignatureIncorrectOrUnapproved': [
    'sign',
    'never',
    '短信签名未通过审核或格式不正确（应为 2–12 个中文、英文或数字）。请在腾讯云控制台检查签名状态，换用已通过审核的签名。',
    'The SMS signature is not approved or is badly formed (it must be 2–12 Chinese, English or digit characters). Check it in the Tencent Cloud console and use an approved signature.',
  ],
  'FailedOperation.TemplateIncorrectOrUnapproved': [
    'template',
    'never',
    '短信模板未通过审核，或发送内容与模板不一致。请在腾讯云控制台确认模板已通过审核，并使用正确的模板。',
    'The template is not approved, or the message does not match it. Confirm in the Tencent Cloud console that the template is approved and use the right one.',
  ],
  'FailedOperation.TemplateParamSetNotMatchApprovedTemplate': [
    'template',
    'never',
    '填写的变量个数与模板不一致。请按模板中的 {1}、{2}… 逐个填写变量后再发送。',
    'The number of values does not match the template. Fill in one value for each {1}, {2}… in the template, then send again.',
  ],
  'FailedOperation.TemplateUnapprovedOrNotExist': [
    'template',
    'never',
    '模板不存在或尚未通过审核。请刷新模板列表，选择已通过审核的模板。',
    'The template does not exist or is not approved yet. Refresh the template list and pick an approved template.',
  ],
  'FailedOperation.NotEnterpriseCertification': [
    'permission',
    'never',
    '个人认证的腾讯云账号不能通过接口查询签名和模板。请在腾讯云控制台查看，或完成企业认证。',
    'Personal (individually verified) Tencent Cloud accounts cannot list signatures and templates through the API. Check them in the console, or complete enterprise verification.',
  ],
  'FailedOperation.ProhibitSubAccountUse': [
    'permission',
    'never',
    '子账号无权使用这个功能。请改用主账号的密钥，或请管理员授权。',
    'A sub-account may not use this function. Use the main account’s key, or ask your administrator for permission.',
  ],
  'FailedOperation.PhoneNumberParseFail': [
    'recipient',
    'never',
    '腾讯云无法识别这个手机号码。请检查号码是否填写正确。',
    'Tencent Cloud could not understand this phone number. Check that it is written correctly.',
  ],
  // ---- SendSms: internal errors ---------------------------------------------------------------
  // Tencent does not say whether these happen before or after the carrier hand-off, so they
  // are treated like a timeout: checked against Tencent's records, never re-sent blindly.
  'InternalError.OtherError': [
    'unknown',
    'unsafe',
    `腾讯云内部出错，无法确定短信是否已发出；如果反复出现，请带上手机号联系腾讯云客服。${CHECK_RECORDS_ZH}`,
    `Tencent Cloud had an internal error, so we cannot tell whether the message went out; if it keeps happening, contact Tencent Cloud support with the phone number. ${CHECK_RECORDS_EN}`,
  ],
  'InternalError.RequestTimeException': [
    'clock',
    'never',
    '这台电脑的时间与标准时间相差超过 10 分钟，请求被拒绝。请在系统设置中开启“自动设置时间”，然后再发送。',
    'This computer’s clock is more than 10 minutes off, so the request was refused. Turn on automatic time in your system settings, then send again.',
  ],
  'InternalError.RestApiInterfaceNotExist': [
    'param',
    'never',
    '请求的接口不存在。这通常是软件问题，请更新 SMS Desk 或联系支持。',
    'The requested interface does not exist. This is usually a software problem: update SMS Desk or contact support.',
  ],
  'InternalError.SendAndRecvFail': [
    'unknown',
    'unsafe',
    `腾讯云内部收发超时，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `Tencent Cloud timed out internally, so we cannot tell whether the message went out. ${CHECK_RECORDS_EN}`,
  ],
  'InternalError.SigFieldMissing': [
    'auth',
    'never',
    '请求缺少签名信息，被腾讯云拒绝。请更新 SMS Desk 或联系支持。',
    'The request lacked its signature and was refused. Update SMS Desk or contact support.',
  ],
  'InternalError.SigVerificationFail': [
    'auth',
    'never',
    '请求签名校验失败。请检查密钥是否填写正确（API 密钥账号为 SecretId 和 SecretKey，旧版账号为 App Key）。',
    'The request signature did not verify. Check that the key is entered correctly (the SecretId and SecretKey, or the App Key of a legacy account).',
  ],
  'InternalError.Timeout': [
    'unknown',
    'unsafe',
    `腾讯云发送超时，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `Tencent Cloud timed out while sending, so we cannot tell whether the message went out. ${CHECK_RECORDS_EN}`,
  ],
  'InternalError.UnknownError': [
    'unknown',
    'unsafe',
    `腾讯云发生未知内部错误，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `Tencent Cloud had an unknown internal error, so we cannot tell whether the message went out. ${CHECK_RECORDS_EN}`,
  ],
  'InternalError.ParseBackendResponseFail': [
    'unknown',
    'unsafe',
    `腾讯云内部处理出错，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `Tencent Cloud failed to process the request internally, so we cannot tell whether the message went out. ${CHECK_RECORDS_EN}`,
  ],
  'InternalError.JsonParseFail': [
    'param',
    'never',
    '腾讯云无法解析请求内容。请更新 SMS Desk 或联系支持。',
    'Tencent Cloud could not parse the request. Update SMS Desk or contact support.',
  ],
  // ---- SendSms: parameter values --------------------------------------------------------------
  'InvalidParameterValue.ContentLengthLimit': [
    'content',
    'never',
    '短信内容太长（签名加正文最多 500 字）。请缩短变量内容后再发送。',
    'The message is too long (signature plus text may be at most 500 characters). Shorten the values and send again.',
  ],
  'InvalidParameterValue.IncorrectPhoneNumber': [
    'recipient',
    'never',
    '手机号码格式不正确。请检查号码（中国大陆为 11 位，国际号码需带 + 和国家码）后再发送。',
    'The phone number is not valid. Check it (mainland China numbers have 11 digits; international numbers need + and the country code) and send again.',
  ],
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': [
    'content',
    'never',
    '变量里不能包含网址链接。请把链接写在模板正文中（需报备），变量只填普通内容。',
    'Template values may not contain web links. Put the link into the template text itself (it must be registered) and use plain values.',
  ],
  'InvalidParameterValue.SdkAppIdNotExist': [
    'config',
    'never',
    '应用 ID (SDK AppID) 不存在。请在腾讯云短信控制台的“应用管理”中复制正确的应用 ID。',
    'The application ID (SDK AppID) does not exist. Copy the correct one from Application Management in the Tencent Cloud SMS console.',
  ],
  'InvalidParameterValue.TemplateParameterFormatError': [
    'content',
    'never',
    '验证码模板的变量只能是 0–6 位纯数字。请修改变量后再发送。',
    'Values for a verification-code template must be 0–6 digits only. Fix the value and send again.',
  ],
  'InvalidParameterValue.TemplateParameterLengthLimit': [
    'content',
    'never',
    '变量内容太长（新账号默认每个变量最多 6 个字，以控制台为准）。请缩短变量后再发送。',
    'A value is too long (new accounts allow 6 characters per value by default; see your console). Shorten it and send again.',
  ],
  'InvalidParameterValue.LimitVerifyFail': [
    'param',
    'never',
    '查询条数参数不正确。这通常是软件问题，请更新 SMS Desk 或联系支持。',
    'The page-size parameter was rejected. This is usually a software problem: update SMS Desk or contact support.',
  ],
  'InvalidParameterValue.OffsetVerifyFail': [
    'param',
    'never',
    '查询偏移参数不正确。这通常是软件问题，请更新 SMS Desk 或联系支持。',
    'The offset parameter was rejected. This is usually a software problem: update SMS Desk or contact support.',
  ],
  'InvalidParameterValue.BeginTimeVerifyFail': [
    'param',
    'never',
    '查询的开始时间不正确（例如超出可查询的天数）。请缩小时间范围后再查。',
    'The start time of the query was rejected (for example it is too far back). Narrow the time range and try again.',
  ],
  'InvalidParameterValue.EndTimeVerifyFail': [
    'param',
    'never',
    '查询的结束时间不正确。请检查时间范围后再查。',
    'The end time of the query was rejected. Check the time range and try again.',
  ],
  'InvalidParameterValue.InvalidStartTime': [
    'param',
    'never',
    '查询的开始时间无效。请检查时间范围后再查。',
    'The start time is not valid. Check the time range and try again.',
  ],
  'InvalidParameterValue.InvalidInternational': [
    'param',
    'never',
    '“国内/国际”参数不正确。这通常是软件问题，请更新 SMS Desk 或联系支持。',
    'The domestic/international parameter was rejected. This is usually a software problem: update SMS Desk or contact support.',
  ],
  'InvalidParameterValue.MarketingTemplateWithoutUnsubscribe': [
    'template',
    'never',
    '营销短信模板必须以“拒收请回复R”结尾。请在控制台修改模板并重新提交审核。',
    'A marketing template must end with “拒收请回复R” (reply R to unsubscribe). Edit the template in the console and submit it for review again.',
  ],
  'InvalidParameterValue.UnsupportedTemplateVariable': [
    'template',
    'never',
    '该类型的模板不允许使用变量。请改用不含变量的模板，或在控制台调整模板。',
    'This kind of template may not contain variables. Use a template without variables, or change it in the console.',
  ],
  // ---- SendSms: limits ------------------------------------------------------------------------
  'LimitExceeded.AppCountryOrRegionDailyLimit': [
    'frequency',
    'wait',
    '该应用今天发往这个国家或地区的短信已达上限。请明天再发送，或在控制台调整上限。',
    'This application reached today’s limit for this country or region. Send again tomorrow, or raise the limit in the console.',
  ],
  'LimitExceeded.AppCountryOrRegionInBlacklist': [
    'config',
    'never',
    '该应用不允许向这个国家或地区发送短信。请在控制台的国际短信设置中开放该地区。',
    'This application may not send to this country or region. Allow the region in the console’s international SMS settings.',
  ],
  'LimitExceeded.AppDailyLimit': [
    'frequency',
    'wait',
    '该应用今天的发送总量已达上限。请北京时间明天再发送，或在控制台调高每日上限。',
    'This application reached its daily total. Send again tomorrow (Beijing time), or raise the daily limit in the console.',
  ],
  'LimitExceeded.AppMainlandChinaDailyLimit': [
    'frequency',
    'wait',
    '该应用今天发往中国大陆的短信已达上限。请北京时间明天再发送，或在控制台调高上限。',
    'This application reached today’s limit for mainland China. Send again tomorrow (Beijing time), or raise the limit in the console.',
  ],
  'LimitExceeded.AppGlobalDailyLimit': [
    'frequency',
    'wait',
    '该应用今天的国际短信已达上限。请明天再发送，或在控制台调高上限。',
    'This application reached today’s international limit. Send again tomorrow, or raise the limit in the console.',
  ],
  'LimitExceeded.DailyLimit': [
    'frequency',
    'wait',
    '账号今天的国际短信发送量已达上限（新账号默认每天 100 条）。请明天再发送。',
    'The account reached today’s international sending limit (new accounts: 100 per day). Send again tomorrow.',
  ],
  'LimitExceeded.DeliveryFrequencyLimit': [
    'frequency',
    'wait',
    '向该号码发送过于频繁，触发了频率限制。请稍后再发送，不要立即重试。',
    'This number has been messaged too often and hit the frequency limit. Wait before sending again; do not retry right away.',
  ],
  'LimitExceeded.GlobalSmsSendingRateLimit': [
    'transient',
    'wait',
    '国际短信发送速度超过限制，短信未发送。请稍等片刻再发送。',
    'International messages are being sent too fast, so this one was not sent. Wait a moment and send again.',
  ],
  'LimitExceeded.PhoneNumberCountLimit': [
    'param',
    'never',
    '一次最多只能发送给 200 个号码。SMS Desk 会自动分批；如果看到这个提示，请联系支持。',
    'At most 200 numbers can be sent in one request. SMS Desk splits batches for you; if you see this, contact support.',
  ],
  'LimitExceeded.PhoneNumberDailyLimit': [
    'frequency',
    'wait',
    '该号码今天已达到发送上限（默认每天 10 条），北京时间明天 0 点后可再发送；不要重试。',
    'This number reached today’s limit (10 per day by default). It can receive again after midnight Beijing time; do not retry.',
  ],
  'LimitExceeded.PhoneNumberOneHourLimit': [
    'frequency',
    'wait',
    '该号码一小时内收到的短信已达上限（默认每小时 5 条），请一小时内不要再发，稍后再试。',
    'This number reached the one-hour limit (5 per hour by default). Do not send to it again within the hour; try later.',
  ],
  'LimitExceeded.PhoneNumberSameContentDailyLimit': [
    'frequency',
    'wait',
    '今天已向该号码发送过太多相同内容的短信。请明天再发送，或更换内容。',
    'This number already got the same message too many times today. Send again tomorrow, or change the content.',
  ],
  'LimitExceeded.PhoneNumberThirtySecondLimit': [
    'frequency',
    'wait',
    '30 秒内已向该号码发送过短信，请等待 30 秒后再发送。',
    'This number was messaged within the last 30 seconds. Wait 30 seconds, then send again.',
  ],
  // ---- SendSms: request-level / authorisation --------------------------------------------------
  'MissingParameter.EmptyPhoneNumberSet': [
    'param',
    'never',
    '没有填写接收号码。请至少添加一个手机号码。',
    'No recipient was given. Add at least one phone number.',
  ],
  'UnauthorizedOperation.IndividualUserMarketingSmsPermissionDeny': [
    'permission',
    'never',
    '个人认证的账号不能发送营销短信。请改发通知类短信，或完成企业认证。',
    'Individually verified accounts cannot send marketing messages. Send a notification instead, or complete enterprise verification.',
  ],
  'UnauthorizedOperation.RequestIpNotInWhitelist': [
    'config',
    'never',
    '本机的 IP 地址不在该应用的 IP 白名单中。请在控制台把当前 IP 加入白名单，或关闭白名单限制。',
    'This computer’s IP address is not on the application’s allow-list. Add it in the console, or turn the allow-list off.',
  ],
  'UnauthorizedOperation.RequestPermissionDeny': [
    'permission',
    'never',
    '这个密钥没有短信服务的权限。请在腾讯云访问管理（CAM）中为该密钥授予短信权限。',
    'This key has no permission for the SMS service. Grant SMS permission to it in Tencent Cloud Access Management (CAM).',
  ],
  'UnauthorizedOperation.SdkAppIdIsDisabled': [
    'config',
    'never',
    '这个短信应用已被停用。请在腾讯云短信控制台启用它，或换用其他应用。',
    'This SMS application is disabled. Enable it in the Tencent Cloud SMS console, or use another application.',
  ],
  'UnauthorizedOperation.ServiceSuspendDueToArrears': [
    'balance',
    'never',
    '腾讯云账号欠费，短信服务已暂停。请先充值，服务恢复后再发送。',
    'The Tencent Cloud account is in arrears and SMS is suspended. Top up first, then send again once service resumes.',
  ],
  'UnauthorizedOperation.SerivceSuspendDueToArrears': [
    'balance',
    'never',
    '腾讯云账号欠费，短信服务已暂停。请先充值，服务恢复后再发送。',
    'The Tencent Cloud account is in arrears and SMS is suspended. Top up first, then send again once service resumes.',
  ],
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail': [
    'config',
    'never',
    '应用 ID (SDK AppID) 与这个密钥不属于同一个腾讯云账号。请核对应用 ID 和密钥是否来自同一账号。',
    'The application ID (SDK AppID) does not belong to the account of this key. Check that the ID and the key come from the same account.',
  ],
  UnsupportedOperation: [
    'config',
    'never',
    '腾讯云不支持这个操作。请检查设置；如果问题持续，请联系支持。',
    'Tencent Cloud does not support this operation. Check your settings; if it persists, contact support.',
  ],
  'UnsupportedOperation.ChineseMainlandTemplateToGlobalPhone': [
    'template',
    'never',
    '国内短信模板不能发给国际号码。请为国际号码选择国际短信模板。',
    'A mainland-China template cannot be sent to an international number. Pick an international template for it.',
  ],
  'UnsupportedOperation.GlobalTemplateToChineseMainlandPhone': [
    'template',
    'never',
    '国际短信模板不能发给中国大陆号码。请为大陆号码选择国内短信模板。',
    'An international template cannot be sent to a mainland-China number. Pick a domestic template for it.',
  ],
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber': [
    'param',
    'never',
    '同一次发送不能同时包含国内和国际号码。SMS Desk 会自动分开发送；如果看到这个提示，请联系支持。',
    'One request cannot mix domestic and international numbers. SMS Desk separates them for you; if you see this, contact support.',
  ],
  'UnsupportedOperation.UnsupportedRegion': [
    'recipient',
    'never',
    '暂不支持向这个国家或地区发送短信。请确认号码的国家码是否正确。',
    'Sending to this country or region is not supported. Check that the number’s country code is correct.',
  ],
  'UnsupportedOperation.UnsuportedRegion': [
    'recipient',
    'never',
    '暂不支持向这个国家或地区发送短信。请确认号码的国家码是否正确。',
    'Sending to this country or region is not supported. Check that the number’s country code is correct.',
  ],
  // ---- Common (gateway) codes -----------------------------------------------------------------
  'AuthFailure.SignatureFailure': [
    'auth',
    'never',
    'SecretKey 不正确，请求被拒绝。请在腾讯云访问管理中核对密钥，重新填写 SecretKey。',
    'The SecretKey is wrong, so the request was refused. Check the key in Tencent Cloud Access Management and enter the SecretKey again.',
  ],
  'AuthFailure.SignatureExpire': [
    'clock',
    'never',
    '这台电脑的时间与标准时间相差超过 5 分钟，请求被拒绝。请开启系统的“自动设置时间”后再试。',
    'This computer’s clock is more than 5 minutes off, so the request was refused. Turn on automatic time in your system settings and try again.',
  ],
  'AuthFailure.SecretIdNotFound': [
    'auth',
    'never',
    'SecretId 不存在或已被停用。请在腾讯云访问管理中确认密钥有效，并重新填写。',
    'The SecretId does not exist or is disabled. Confirm in Tencent Cloud Access Management that the key is active, and enter it again.',
  ],
  'AuthFailure.InvalidSecretId': [
    'auth',
    'never',
    'SecretId 格式不正确（不是 API 密钥）。请从腾讯云访问管理的“API 密钥管理”中复制。',
    'The SecretId is not a valid API key. Copy it from API Key Management in Tencent Cloud Access Management.',
  ],
  'AuthFailure.InvalidAuthorization': [
    'auth',
    'never',
    '请求的认证信息格式不正确。请重新填写密钥；如果问题持续，请联系支持。',
    'The request’s authorization was malformed. Enter the key again; if it persists, contact support.',
  ],
  'AuthFailure.TokenFailure': [
    'auth',
    'never',
    '临时密钥的令牌无效或已过期。请更换为有效的密钥。',
    'The temporary credential token is invalid or expired. Use a valid key.',
  ],
  'AuthFailure.MFAFailure': [
    'auth',
    'never',
    '多因素认证（MFA）校验失败。请在腾讯云控制台检查该密钥的安全设置。',
    'Multi-factor authentication failed. Check the key’s security settings in the Tencent Cloud console.',
  ],
  'AuthFailure.UnauthorizedOperation': [
    'permission',
    'never',
    '这个密钥没有权限执行该操作。请在腾讯云访问管理（CAM）中为它授予短信权限。',
    'This key is not allowed to do this. Grant it SMS permission in Tencent Cloud Access Management (CAM).',
  ],
  RequestLimitExceeded: [
    'transient',
    'safe',
    '请求太频繁，腾讯云暂时拒绝了请求，短信未发送。SMS Desk 会稍后自动重试。',
    'Too many requests: Tencent Cloud turned this one away and nothing was sent. SMS Desk will retry shortly.',
  ],
  'RequestLimitExceeded.UinLimitExceeded': [
    'transient',
    'safe',
    '该账号的请求太频繁，腾讯云暂时拒绝了请求，短信未发送。请稍后再试。',
    'This account is sending requests too fast and nothing was sent. Try again shortly.',
  ],
  'RequestLimitExceeded.GlobalRegionUinLimitExceeded': [
    'transient',
    'safe',
    '该账号在所有地区的请求总量太频繁，短信未发送。请稍后再试。',
    'This account is sending too many requests across regions and nothing was sent. Try again shortly.',
  ],
  'RequestLimitExceeded.IPLimitExceeded': [
    'transient',
    'safe',
    '本机 IP 的请求太频繁，短信未发送。请稍后再试。',
    'This IP address is sending requests too fast and nothing was sent. Try again shortly.',
  ],
  InternalError: [
    'transient',
    'safe',
    '腾讯云内部错误，请求未被处理，短信未发送。请稍后再试。',
    'Tencent Cloud had an internal error and did not process the request; nothing was sent. Try again later.',
  ],
  ServiceUnavailable: [
    'transient',
    'safe',
    '腾讯云短信服务暂时不可用，短信未发送。请稍后再试。',
    'Tencent Cloud SMS is temporarily unavailable; nothing was sent. Try again later.',
  ],
  ResourceUnavailable: [
    'transient',
    'safe',
    '所需资源暂时不可用，短信未发送。请稍后再试。',
    'A required resource is temporarily unavailable; nothing was sent. Try again later.',
  ],
  FailedOperation: [
    'unknown',
    'never',
    '腾讯云拒绝了这次操作。请检查设置和内容；如果问题持续，请联系腾讯云客服。',
    'Tencent Cloud refused this operation. Check your settings and content; if it persists, contact Tencent Cloud support.',
  ],
  InvalidAction: [
    'param',
    'never',
    '请求的接口名称不存在。请更新 SMS Desk 或联系支持。',
    'The requested API action does not exist. Update SMS Desk or contact support.',
  ],
  NoSuchProduct: [
    'param',
    'never',
    '请求的腾讯云产品不存在。请检查服务地址设置，或联系支持。',
    'The requested Tencent Cloud product does not exist. Check the service address setting or contact support.',
  ],
  NoSuchVersion: [
    'param',
    'never',
    '请求的接口版本不存在。请更新 SMS Desk 或联系支持。',
    'The requested API version does not exist. Update SMS Desk or contact support.',
  ],
  ActionOffline: [
    'param',
    'never',
    '这个接口已被腾讯云下线。请更新 SMS Desk。',
    'Tencent Cloud has retired this API. Update SMS Desk.',
  ],
  InvalidParameter: [
    'param',
    'never',
    '请求参数不正确。请检查填写的内容；如果问题持续，请联系支持。',
    'A request parameter was rejected. Check what you entered; if it persists, contact support.',
  ],
  InvalidParameterValue: [
    'param',
    'never',
    '请求参数的取值不正确。请检查填写的内容（号码、模板、变量）后再试。',
    'A parameter value was rejected. Check what you entered (numbers, template, values) and try again.',
  ],
  MissingParameter: [
    'param',
    'never',
    '请求缺少必填参数。请检查是否填写完整；如果问题持续，请联系支持。',
    'A required parameter is missing. Check that everything is filled in; if it persists, contact support.',
  ],
  UnknownParameter: [
    'param',
    'never',
    '请求包含腾讯云不认识的参数。请更新 SMS Desk 或联系支持。',
    'The request contains a parameter Tencent Cloud does not know. Update SMS Desk or contact support.',
  ],
  InvalidRequest: [
    'param',
    'never',
    '请求格式不正确。请更新 SMS Desk 或联系支持。',
    'The request was malformed. Update SMS Desk or contact support.',
  ],
  RequestSizeLimitExceeded: [
    'param',
    'never',
    '请求内容太大。请减少一次发送的号码或内容后再试。',
    'The request is too large. Send to fewer numbers or shorten the content, then try again.',
  ],
  ResponseSizeLimitExceeded: [
    'param',
    'never',
    '返回的数据太多。请缩小查询范围后再试。',
    'The answer would be too large. Narrow the query and try again.',
  ],
  UnsupportedProtocol: [
    'config',
    'never',
    '不支持的请求协议。请检查服务地址设置（应使用 https）。',
    'The request protocol is not supported. Check the service address setting (it should use https).',
  ],
  UnsupportedRegion: [
    'config',
    'never',
    '所选地域不支持短信服务。请在账号设置中选择 ap-guangzhou 等支持的地域。',
    'The selected region does not offer SMS. Choose a supported region such as ap-guangzhou in the account settings.',
  ],
  IpInBlacklist: [
    'config',
    'never',
    '本机 IP 地址已被腾讯云列入黑名单。请换用其他网络，或联系腾讯云客服。',
    'This IP address is blocked by Tencent Cloud. Use another network, or contact Tencent Cloud support.',
  ],
  IpNotInWhitelist: [
    'config',
    'never',
    '本机 IP 地址不在允许名单中。请在腾讯云控制台把它加入白名单。',
    'This IP address is not on the allow-list. Add it in the Tencent Cloud console.',
  ],
  LimitExceeded: [
    'frequency',
    'wait',
    '超过了腾讯云的配额限制。请稍后再试，或在控制台查看配额。',
    'A Tencent Cloud quota was exceeded. Try again later, or check your quotas in the console.',
  ],
  ResourceInUse: [
    'config',
    'never',
    '资源正在被使用，暂时无法操作。请稍后在控制台检查。',
    'The resource is in use and cannot be changed right now. Check it in the console later.',
  ],
  ResourceInsufficient: [
    'balance',
    'never',
    '资源不足（例如套餐余量不足）。请在腾讯云控制台检查后再试。',
    'Not enough resources (for example the package is used up). Check the Tencent Cloud console, then try again.',
  ],
  ResourceNotFound: [
    'config',
    'never',
    '找不到所需的资源（例如应用、签名或模板）。请在腾讯云控制台核对后再试。',
    'A required resource (such as the application, signature or template) was not found. Check it in the Tencent Cloud console.',
  ],
  UnauthorizedOperation: [
    'permission',
    'never',
    '没有权限执行这个操作。请在腾讯云访问管理（CAM）中检查该密钥的权限。',
    'Not authorised to do this. Check the key’s permissions in Tencent Cloud Access Management (CAM).',
  ],
  DryRunOperation: [
    'unknown',
    'never',
    '这只是一次预检请求，未实际执行，短信未发送。',
    'This was a dry run: nothing was executed and nothing was sent.',
  ],
  // ---- Legacy (App Key) accounts --------------------------------------------------------------
  'Legacy.Unsupported': [
    'config',
    'never',
    '旧版 App Key 账号不能通过接口读取模板、签名和发送记录。请在“模板”页手动添加模板（控制台中的模板 ID、内容和类型）和签名。',
    'A legacy App Key account cannot read templates, signatures or send records through the API. Add templates (the template ID, text and kind from the console) and signatures by hand on the Templates page.',
  ],
  // ---- Transport pseudo-codes (our gateway) ---------------------------------------------------
  [TRANSPORT_CODES.refused]: [
    'network',
    'safe',
    '无法连接到短信服务（连接被拒绝），短信未发送。请检查网络后再试。',
    'Could not connect to the SMS service (connection refused); nothing was sent. Check your network and try again.',
  ],
  [TRANSPORT_CODES.dns]: [
    'network',
    'safe',
    '找不到短信服务的地址（域名解析失败），短信未发送。请检查网络连接后再试。',
    'Could not find the SMS service address (DNS lookup failed); nothing was sent. Check your internet connection and try again.',
  ],
  [TRANSPORT_CODES.timeout]: [
    'network',
    'unsafe',
    `请求已发出但等待腾讯云回应超时，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `The request went out but Tencent Cloud did not answer in time, so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.reset]: [
    'network',
    'unsafe',
    `连接在等待回应时中断，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `The connection dropped while waiting for the answer, so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.badResponse]: [
    'network',
    'unsafe',
    `收到了无法识别的回应（可能被网络代理或防火墙篡改），无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `The answer could not be understood (a proxy or firewall may have altered it), so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.network]: [
    'network',
    'unsafe',
    `网络出错，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `A network error occurred, so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.http5xx]: [
    'transient',
    'safe',
    '短信服务前端暂时不可用（HTTP 5xx），请求未被处理，短信未发送。请稍后再试。',
    'The SMS service front end is temporarily unavailable (HTTP 5xx); the request was not processed and nothing was sent. Try again later.',
  ],
  [TRANSPORT_CODES.httpUpstreamLost]: [
    'network',
    'unsafe',
    `网络中转服务器没有拿到腾讯云的回应（HTTP 502/504），无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `A proxy in between lost Tencent Cloud's answer (HTTP 502/504), so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.http4xx]: [
    'network',
    'safe',
    '服务地址拒绝了请求（HTTP 4xx），短信未发送。请检查服务地址和网络代理设置后再试。',
    'The service address refused the request (HTTP 4xx); nothing was sent. Check the service address and proxy settings, then try again.',
  ],
  [TRANSPORT_CODES.aborted]: [
    'unknown',
    'unsafe',
    `发送已被取消，但请求可能已经到达腾讯云。${CHECK_RECORDS_ZH}`,
    `The send was cancelled, but the request may already have reached Tencent Cloud. ${CHECK_RECORDS_EN}`,
  ],
  [TRANSPORT_CODES.gatewayClosed]: [
    'unknown',
    'safe',
    '账号设置刚刚变更或程序正在退出，这次请求没有发出，短信未发送。请重新发送。',
    'The account settings just changed or the app is closing, so this request was not sent. Send it again.',
  ],
  [LOCAL_CODES.diskSync]: [
    'unknown',
    'safe',
    '发送记录无法写入本机磁盘。为避免重复发送，这批短信没有发出。请检查磁盘空间或数据所在的磁盘。',
    'The send record could not be written to this computer’s disk, so nothing was sent (to avoid sending twice). Check the free space of the disk holding the data.',
  ],
  [LOCAL_CODES.interrupted]: [
    'unknown',
    'unsafe',
    `发送被中断（软件被关闭、意外退出，或发送结果没能写入），无法确定这条短信是否已发出。${CHECK_RECORDS_ZH}`,
    `Sending was interrupted (the app was closed or stopped, or the result could not be saved), so we cannot tell whether this message went out. ${CHECK_RECORDS_EN}`,
  ],
  [LOCAL_CODES.optedOut]: [
    'recipient',
    'never',
    '该号码在免打扰名单中（客户回复退订、腾讯云拒收或您手动添加），已跳过，没有发送，也没有扣费。如需再次发送，请先在“免打扰名单”页移除。',
    'This number is on the do-not-send list (the customer unsubscribed, Tencent refused it, or you added it), so it was left out: nothing was sent or charged. To send to it again, remove it on the Do-not-send list page first.',
  ],
  [LOCAL_CODES.databaseWrite]: [
    'unknown',
    'unsafe',
    '发送结果无法写入本机数据库。正在发送的短信可能已经发出：继续发送或重新打开软件时，会先和腾讯云核对，不会重复发送。请检查数据所在磁盘的空间。',
    'The send results could not be written to the database on this computer. Messages being sent may have gone out: when sending continues or the app is opened again they are checked with Tencent Cloud first, never sent twice. Check the free space of the disk holding the data.',
  ],
  [LOCAL_CODES.accountChanged]: [
    'config',
    'safe',
    '发送时没有可用的账号，或账号已换成另一个应用（SdkAppId），这条短信没有发出。请在“账号”页检查设置后重新发送。',
    'When this message was due, no account was set up or it had been switched to another app (SdkAppId), so it was not sent. Check the Account page, then send it again.',
  ],
  [LOCAL_CODES.gatewayError]: [
    'unknown',
    'unsafe',
    `发送时程序内部出错，无法确定短信是否已发出。${CHECK_RECORDS_ZH}`,
    `An internal error happened while sending, so we cannot tell whether the message was sent. ${CHECK_RECORDS_EN}`,
  ],
  [LOCAL_CODES.diskFull]: [
    'unknown',
    'unsafe',
    '磁盘已满：请释放空间后点“继续发送”。正在发送的短信不会重复发出。',
    'The disk is full: free some space, then click “Continue sending”. Messages already on their way are never sent twice.',
  ],
  [LOCAL_CODES.diskReadOnly]: [
    'unknown',
    'unsafe',
    '数据所在的磁盘变成了只读，发送已暂停。请检查磁盘（例如U盘是否被拔出）后点“继续发送”。',
    'The disk holding the data became read-only, so sending paused. Check the disk (for example, a removed USB drive), then click “Continue sending”.',
  ],
  [TRANSPORT_CODES.abortedBeforeSend]: [
    'unknown',
    'safe',
    '发送在发出之前已被取消，短信未发送。',
    'The send was cancelled before it went out; nothing was sent.',
  ],
};

/** Every code with its own entry (Tencent's, legacy spellings, and our transport codes). */
export const KNOWN_TENCENT_CODES: readonly string[] = Object.keys(ROWS);

export function isKnownTencentCode(code: string): boolean {
  return Object.hasOwn(ROWS, code);
}

/** Families for codes Tencent may add later: the prefix decides category and retry safety. */
const FAMILIES: { prefix: string; category: ErrorCategory; retry: RetrySafety }[] = [
  { prefix: 'AuthFailure', category: 'auth', retry: 'never' },
  { prefix: 'UnauthorizedOperation', category: 'permission', retry: 'never' },
  { prefix: 'RequestLimitExceeded', category: 'transient', retry: 'safe' },
  { prefix: 'LimitExceeded', category: 'frequency', retry: 'wait' },
  { prefix: 'InvalidParameterValue', category: 'param', retry: 'never' },
  { prefix: 'InvalidParameter', category: 'param', retry: 'never' },
  { prefix: 'MissingParameter', category: 'param', retry: 'never' },
  { prefix: 'UnknownParameter', category: 'param', retry: 'never' },
  { prefix: 'UnsupportedOperation', category: 'config', retry: 'never' },
  { prefix: 'ResourceNotFound', category: 'config', retry: 'never' },
  { prefix: 'ResourceUnavailable', category: 'transient', retry: 'safe' },
  { prefix: 'ResourceInsufficient', category: 'balance', retry: 'never' },
  { prefix: 'FailedOperation', category: 'unknown', retry: 'never' },
  { prefix: 'Network', category: 'network', retry: 'unsafe' },
];

const genericText = (code: string, retry: RetrySafety): { zh: string; en: string } => {
  switch (retry) {
    case 'safe':
      return {
        zh: `腾讯云暂时无法处理请求（错误代码 ${code}），短信未发送。请稍后再试。`,
        en: `Tencent Cloud could not handle the request right now (error code ${code}); nothing was sent. Try again later.`,
      };
    case 'wait':
      return {
        zh: `触发了腾讯云的发送限制（错误代码 ${code}）。请稍后再发送，不要立即重试。`,
        en: `A Tencent Cloud sending limit was hit (error code ${code}). Wait before sending again; do not retry right away.`,
      };
    case 'unsafe':
      return {
        zh: `无法确定短信是否已发出（错误代码 ${code}）。${CHECK_RECORDS_ZH}`,
        en: `We cannot tell whether the message was sent (error code ${code}). ${CHECK_RECORDS_EN}`,
      };
    case 'never':
      return {
        zh: `腾讯云返回了错误（错误代码 ${code}），短信未发送。请检查账号设置和发送内容；如果不清楚原因，请带上错误代码联系腾讯云客服。`,
        en: `Tencent Cloud returned an error (error code ${code}) and the message was not sent. Check the account settings and the content; if the cause is unclear, contact Tencent Cloud support with the error code.`,
      };
  }
};

/** A legacy (App Key) numeric code with no API 3.0 twin: `Legacy.<number>`. */
const LEGACY_UNKNOWN = /^Legacy\.(\d+)$/;

const legacyText = (n: string): { zh: string; en: string } => ({
  zh: `腾讯云旧版短信接口返回了错误（错误代码 ${n}），短信未发送。请检查账号设置和发送内容；如果不清楚原因，请带上错误代码联系腾讯云客服。`,
  en: `The legacy Tencent Cloud SMS API returned an error (error code ${n}) and the message was not sent. Check the account settings and the content; if the cause is unclear, contact Tencent Cloud support with the error code.`,
});

/**
 * The catalog entry for a code. Unknown codes get a generic entry shaped by their family
 * (`AuthFailure.*`, `LimitExceeded.*`, …) whose texts quote the code so support can look it up.
 */
export function describeTencentCode(code: string): CatalogEntry {
  if (Object.hasOwn(ROWS, code)) {
    const [category, retry, zh, en] = ROWS[code]!;
    return { code, category, retry, zh, en };
  }
  const legacy = LEGACY_UNKNOWN.exec(code);
  if (legacy) return { code, category: 'unknown', retry: 'never', ...legacyText(legacy[1]!) };
  const family = FAMILIES.find((f) => code === f.prefix || code.startsWith(`${f.prefix}.`));
  const category = family?.category ?? 'unknown';
  const retry = family?.retry ?? 'never';
  return { code, category, retry, ...genericText(code, retry) };
}
