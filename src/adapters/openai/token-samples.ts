/**
 * Fixed texts the approximate counter is checked on against the exact
 * tokenizers (approximate-counter.test.ts, token-budget-window.test.ts): the kinds of text a
 * knowledge base holds, and the kinds that tokenize worst.
 */
export const TOKEN_SAMPLES: Record<string, string> = {
  english:
    'Employees may carry over up to five days of unused annual leave into the next calendar year. ' +
    'Requests to carry over more than five days need written approval from your line manager and HR. ' +
    "Carried-over leave must be taken by the end of March, after which it expires without compensation. Don't forget: it's 2026!",
  markdown: '## Refunds\n\n| Plan | Refund window |\n|---|---|\n| Monthly | 14 days |\n| Yearly | 30 days |\n\n> **Note:** see [billing](https://help.example.com/billing?tab=refunds#window).\n\n- [x] done\n- [ ] todo\n',
  chinese:
    '员工每年最多可以将五天未使用的年假结转到下一个日历年。结转超过五天需要得到直属经理和人力资源部门的书面批准。结转的假期必须在三月底之前使用，否则将自动作废，不予补偿。如何重置我的密码？请打开设置页面，点击“安全”，然后选择“重置密码”。',
  japanese:
    '従業員は、未使用の年次有給休暇のうち最大5日間を翌暦年に繰り越すことができます。5日を超える繰り越しには、直属の上司と人事部の書面による承認が必要です。パスワードをリセットするには、設定画面を開いてください。',
  korean:
    '직원은 사용하지 않은 연차 휴가 중 최대 5일을 다음 해로 이월할 수 있습니다. 5일을 초과하여 이월하려면 직속 관리자와 인사팀의 서면 승인이 필요합니다. 비밀번호를 재설정하려면 설정 페이지를 여십시오.',
  russian: 'Сотрудники могут перенести до пяти дней неиспользованного ежегодного отпуска на следующий календарный год.',
  arabic: 'يمكن للموظفين ترحيل ما يصل إلى خمسة أيام من الإجازة السنوية غير المستخدمة إلى السنة التالية.',
  hindi: 'कर्मचारी अगले कैलेंडर वर्ष में अप्रयुक्त वार्षिक अवकाश के अधिकतम पाँच दिन आगे ले जा सकते हैं।',
  thai: 'พนักงานสามารถยกยอดวันลาพักร้อนที่ไม่ได้ใช้ได้สูงสุดห้าวันไปยังปีปฏิทินถัดไป',
  greek: 'Οι εργαζόμενοι μπορούν να μεταφέρουν έως πέντε ημέρες αχρησιμοποίητης ετήσιας άδειας.',
  emoji: '😀🎉👍🏽🚀 Release day ✅ ❤️ 🇫🇷 — “quoted” … ©®™ ½ → ≤ ≥ ∑',
  typescript:
    "export async function getDocumentProxy(bytes: Uint8Array): Promise<PDFDocumentProxy> {\n  const { getDocument } = await import('pdfjs-dist');\n  return getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;\n}\n\nconst x = a?.b ?? c; if (x !== null && y >= 0x1f) { console.log(x + \":\" + y); }\n",
  json: '{"name":"countersign","version":"0.1.0","dependencies":{"@slack/bolt":"5.1.0","hono":"4.13.19"},"integrity":"sha512-6bWz1UPhtmQJzOd8Vx1KlW8Cp3YFzQ0Yb4r3nZxq2Y1hE+fJtGk9lV0c4Rr2mQ=="}',
  shell: 'curl -sS -X POST "$WORKER/admin/documents" -H "authorization: Bearer $ADMIN_TOKEN" --data @doc.json | jq -r \'.document.id\' && ls -la ~/.config/*.toml 2>/dev/null',
  identifiers:
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 550e8400-e29b-41d4-a716-446655440000 ' +
    'dGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcyBvdmVyIHRoZSBsYXp5IGRvZw== AKIAIOSFODNN7EXAMPLE xoxb-1234-5678-AbCdEfGhIjKlMnOp',
  numbers: '3.14159265358979 1,234,567.89 +44 20 7946 0958 2026-12-01T23:59:59Z 0b101010 1e-9 999999999999',
  whitespace: `a\n\n\n    b\t\t c \r\n\r\n${' '.repeat(40)}d\n \n \n e`,
};
