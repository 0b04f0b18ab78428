"""Theme strings in every configured language, and language names.

Add a language by adding its strings here (or in SEGSITE_STRINGS); a language
without strings is a configuration error, so no page shows another
language's interface text.
"""

from __future__ import annotations

from types import MappingProxyType

LANGUAGE_NAMES = MappingProxyType({"en": "English", "ar": "العربية", "fa": "فارسی"})

_STRINGS = {
    "en": {
        "preview": "Preview",
        "preview_as": "See the page as",
        "preview_chosen": "Chosen by",
        "i_am": "I am ...",
        "move_top": "Move to top",
        "hide_section": "Hide",
        "reset_sections": "Show all sections in their order",
        "skip": "Skip to content",
        "main_nav": "Main",
        "languages": "Language",
        "sections_nav": "On this page",
        "contact_title": "Talk to a person",
        "contact_intro": "A real person answers, every day.",
        "whatsapp": "WhatsApp",
        "email": "Email",
        "phone": "Call",
        "form": "Contact form",
        "footer_nav": "Footer",
        "copyright": "© {year} {brand}",
        "updated": "Updated {date}",
        "choose_language": "Choose your language",
        "pages": "Pages",
        "next_step": "Ready for the next step?",
        "viewing_for": "You are viewing the page for: {segment}",
        "see_all": "See the page for everyone",
        "form_errors_title": "There is a problem with this form",
        "form_required": "{label}: fill this in",
        "form_email": "{label}: enter an e-mail address like name@example.com",
        "form_tel": "{label}: enter a phone number of 6 to 15 digits",
        "form_max": "{label}: use at most {max} characters",
        "form_option": "{label}: choose one of the options",
        "form_consent": "Tick the consent box so we may answer you",
        "form_too_large": "The form is too long to send: shorten the message and try again",
        "form_invalid": "{label}: remove the special characters pasted into it",
        "form_unreadable": "The form could not be read: send it again from its page",
        "form_turnstile": "Confirm that you are a person, then send the form again",
        "form_required_mark": "required",
        "form_choose": "Choose one",
        "form_privacy": "Privacy policy",
        "form_honeypot": "Leave this field empty",
        "form_home": "Back to the home page",
    },
    "ar": {
        "preview": "معاينة",
        "preview_as": "اعرض الصفحة كما يراها",
        "preview_chosen": "سبب الاختيار",
        "i_am": "أنا ...",
        "move_top": "انقل إلى الأعلى",
        "hide_section": "إخفاء",
        "reset_sections": "أظهر كل الأقسام بترتيبها",
        "skip": "انتقل إلى المحتوى",
        "main_nav": "الرئيسية",
        "languages": "اللغة",
        "sections_nav": "في هذه الصفحة",
        "contact_title": "تحدّث إلى شخص حقيقي",
        "contact_intro": "يرد عليك شخص حقيقي كل يوم.",
        "whatsapp": "واتساب",
        "email": "البريد الإلكتروني",
        "phone": "اتصل بنا",
        "form": "نموذج التواصل",
        "footer_nav": "تذييل الصفحة",
        "copyright": "© {year} {brand}",
        "updated": "آخر تحديث {date}",
        "choose_language": "اختر لغتك",
        "pages": "الصفحات",
        "next_step": "هل أنت مستعد للخطوة التالية؟",
        "viewing_for": "تشاهد الصفحة المخصصة لـ: {segment}",
        "see_all": "اعرض الصفحة للجميع",
        "form_errors_title": "هناك مشكلة في هذا النموذج",
        "form_required": "{label}: هذا الحقل مطلوب",
        "form_email": "{label}: اكتب عنوان بريد إلكتروني مثل name@example.com",
        "form_tel": "{label}: اكتب رقم هاتف من 6 إلى 15 رقماً",
        "form_max": "{label}: استخدم {max} حرفاً على الأكثر",
        "form_option": "{label}: اختر أحد الخيارات",
        "form_consent": "ضع علامة في مربع الموافقة لنتمكن من الرد عليك",
        "form_too_large": "النموذج أطول من أن يُرسل: اختصر الرسالة وحاول مرة أخرى",
        "form_invalid": "{label}: احذف الرموز الخاصة التي لُصقت فيه",
        "form_unreadable": "تعذرت قراءة النموذج: أرسله مرة أخرى من صفحته",
        "form_turnstile": "أكّد أنك شخص حقيقي، ثم أرسل النموذج مرة أخرى",
        "form_required_mark": "مطلوب",
        "form_choose": "اختر واحداً",
        "form_privacy": "سياسة الخصوصية",
        "form_honeypot": "اترك هذا الحقل فارغاً",
        "form_home": "العودة إلى الصفحة الرئيسية",
    },
    "fa": {
        "preview": "پیش‌نمایش",
        "preview_as": "دیدن صفحه از نگاه",
        "preview_chosen": "دلیل انتخاب",
        "i_am": "من ...",
        "move_top": "انتقال به بالا",
        "hide_section": "پنهان کردن",
        "reset_sections": "نمایش همه‌ی بخش‌ها به ترتیب اصلی",
        "skip": "رفتن به محتوا",
        "main_nav": "اصلی",
        "languages": "زبان",
        "sections_nav": "در این صفحه",
        "contact_title": "با یک انسان صحبت کنید",
        "contact_intro": "هر روز یک انسان واقعی پاسخ می‌دهد.",
        "whatsapp": "واتس‌اپ",
        "email": "ایمیل",
        "phone": "تماس تلفنی",
        "form": "فرم تماس",
        "footer_nav": "پانویس",
        "copyright": "© {year} {brand}",
        "updated": "به‌روزرسانی {date}",
        "choose_language": "زبان خود را انتخاب کنید",
        "pages": "صفحه‌ها",
        "next_step": "آماده‌ی قدم بعدی هستید؟",
        "viewing_for": "شما صفحه‌ی مخصوص این گروه را می‌بینید: {segment}",
        "see_all": "دیدن صفحه برای همه",
        "form_errors_title": "این فرم مشکلی دارد",
        "form_required": "{label}: این را پر کنید",
        "form_email": "{label}: یک نشانی ایمیل مانند name@example.com بنویسید",
        "form_tel": "{label}: یک شماره تلفن ۶ تا ۱۵ رقمی بنویسید",
        "form_max": "{label}: حداکثر {max} نویسه بنویسید",
        "form_option": "{label}: یکی از گزینه‌ها را انتخاب کنید",
        "form_consent": "برای اینکه بتوانیم پاسخ دهیم، کادر موافقت را علامت بزنید",
        "form_too_large": "فرم برای ارسال بیش از حد طولانی است: پیام را کوتاه‌تر کنید و دوباره بفرستید",
        "form_invalid": "{label}: نویسه‌های ویژه‌ای را که در آن چسبانده شده پاک کنید",
        "form_unreadable": "فرم خوانده نشد: آن را دوباره از صفحه‌ی خودش بفرستید",
        "form_turnstile": "تأیید کنید که انسان هستید، سپس فرم را دوباره بفرستید",
        "form_required_mark": "الزامی",
        "form_choose": "یکی را انتخاب کنید",
        "form_privacy": "سیاست حفظ حریم خصوصی",
        "form_honeypot": "این فیلد را خالی بگذارید",
        "form_home": "بازگشت به صفحه‌ی اصلی",
    },
}
STRINGS = MappingProxyType({lang: MappingProxyType(table) for lang, table in _STRINGS.items()})


def strings_for(lang: str, extra: dict | None = None) -> dict[str, str]:
    """The theme strings of ``lang``: built-in ones, overridden by SEGSITE_STRINGS."""
    table = dict(STRINGS.get(lang, {}))
    table.update((extra or {}).get(lang, {}))
    return table


def missing_strings(lang: str, extra: dict | None = None) -> list[str]:
    """Keys the English table has that ``lang`` lacks."""
    have = strings_for(lang, extra)
    return [key for key in STRINGS["en"] if key not in have]
